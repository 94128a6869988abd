package dev.cpbench.macro.tenants;

import dev.cpbench.macro.common.ErrorTally;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcomes per operation kind ("create", "read", "write", ...): successes, errors by kind, and HTTP 409
 * conflicts apart from errors (an optimistic-concurrency loss is the API server working as designed).
 */
final class OperationTally {
    /** One operation kind's outcomes. */
    static final class Counts {
        final LongAdder ok = new LongAdder();
        final LongAdder conflicts = new LongAdder();
        final ErrorTally errors = new ErrorTally();

        long total() {
            return ok.sum() + conflicts.sum() + errors.total();
        }
    }

    static final int CONFLICT = 409;

    private final Map<String, Counts> byOperation = new ConcurrentHashMap<>();

    Counts of(String operation) {
        return byOperation.computeIfAbsent(operation, o -> new Counts());
    }

    void ok(String operation) {
        of(operation).ok.increment();
    }

    /** Counts {@code e} as a conflict (HTTP 409) or an error of its kind. */
    void failed(String operation, Throwable e) {
        if (isConflict(e)) {
            of(operation).conflicts.increment();
        } else {
            of(operation).errors.add(e);
        }
    }

    long errors() {
        return byOperation.values().stream().mapToLong(c -> c.errors.total()).sum();
    }

    Map<String, Counts> snapshot() {
        return new TreeMap<>(byOperation);
    }

    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == CONFLICT) {
                return true;
            }
        }
        return false;
    }
}
