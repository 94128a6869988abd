/** Benchmarks of KMS v2 envelope encryption as kube-apiserver does it, and of the AES-GCM beneath it. */
package dev.cpbench.micro.envelope;
