package dev.cpbench.macro.tenants;

import dev.cpbench.macro.target.Endpoint;

/**
 * One tenant: its index and name, the namespace its objects live in, the API server (or its own control
 * plane, in URL mode) that serves it, and the name latencies are tagged with.
 */
record Tenant(
        int index, String name, String namespace, Endpoint endpoint, boolean ownControlPlane, String latencyTag) {}
