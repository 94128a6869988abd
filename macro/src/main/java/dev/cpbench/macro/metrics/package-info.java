/** Prometheus text scrapes of API servers, KMS plugins and Transit, and the figures a run derives from them. */
package dev.cpbench.macro.metrics;
