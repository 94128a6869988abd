package dev.cpbench.macro.common;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors counted by kind ("HTTP 503", "timeout", ...), with the first message of each kind kept. */
public final class ErrorTally {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

    /** Counts {@code e} and returns its kind. */
    public String add(Throwable e) {
        String kind = kindOf(e);
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        firstMessages.putIfAbsent(kind, oneLine(e));
        return kind;
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, String> firstMessages() {
        return new TreeMap<>(firstMessages);
    }

    static String kindOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return "HTTP " + k.getCode();
            }
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return "timeout";
            }
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
        }
        return rootCause(e).getClass().getSimpleName();
    }

    /** The first line of the root cause's message (or its class name): what went wrong, in one line. */
    public static String oneLine(Throwable e) {
        Throwable root = rootCause(e);
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
