/** The raw etcd check of the KMS v2 envelopes kube-apiserver (or the stand-in) wrote for the Secret corpus. */
package dev.cpbench.macro.envelope;
