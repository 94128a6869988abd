/** {@code kms-plugin}: the KMS v2 plugin (fixtures' kms hot path) served as a process of its own. */
package dev.cpbench.macro.kms;
