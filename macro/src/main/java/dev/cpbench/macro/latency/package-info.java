/** Operation latencies in HdrHistogram, measured from the intended start, with interval logs. */
package dev.cpbench.macro.latency;
