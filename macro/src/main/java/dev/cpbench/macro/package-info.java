/** The macro scenario runner: whole cold starts and workloads against a cluster or an embedded stand-in. */
package dev.cpbench.macro;
