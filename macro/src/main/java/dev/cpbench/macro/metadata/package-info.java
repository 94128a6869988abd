/**
 * The metadata-concealment proxy as a command ({@code metadata-proxy}) and an ab/wrk-style HTTP/1.1 load
 * generator to measure it ({@code metadata-load}), by default against the proxy and its upstream mock
 * running in a memory-capped child JVM.
 */
package dev.cpbench.macro.metadata;
