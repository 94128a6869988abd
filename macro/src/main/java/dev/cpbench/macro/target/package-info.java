/** What a scenario runs against: a real cluster from a kubeconfig, or the embedded stand-in (also served by {@code stand-in}). */
package dev.cpbench.macro.target;
