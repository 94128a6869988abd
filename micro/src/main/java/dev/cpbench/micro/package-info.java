/** JMH benchmarks of the control-plane hot paths, one sub-package per hot path, and what they share. */
package dev.cpbench.micro;
