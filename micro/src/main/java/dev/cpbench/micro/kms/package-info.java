/** Benchmarks of the KMS v2 plugin path: gRPC over a Unix socket to a Transit-backed plugin. */
package dev.cpbench.micro.kms;
