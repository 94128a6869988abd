/** What a scenario runs against: a real cluster from a kubeconfig, or the embedded stand-in. */
package dev.cpbench.macro.target;
