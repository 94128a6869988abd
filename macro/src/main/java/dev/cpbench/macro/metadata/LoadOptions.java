package dev.cpbench.macro.metadata;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code metadata-load} sends, checked: where ({@code target} is {@code http://host:port}), how many
 * connections, how many requests or for how long, at what rate ({@code 0} = closed loop), with which headers.
 *
 * @param requests  requests to measure when {@code duration} is null
 * @param duration  how long to measure instead of a number of requests, or null
 * @param rate      requests per second over all connections, or 0 for a closed loop
 * @param warmup    requests sent, in a closed loop, before measuring
 * @param eventLoops event loops (threads) the connections are spread over
 */
record LoadOptions(
        URI target,
        String path,
        Map<String, String> headers,
        int connections,
        long requests,
        Duration duration,
        double rate,
        boolean keepAlive,
        Duration timeout,
        long warmup,
        int eventLoops) {
    LoadOptions {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The request every connection sends, as it goes on the wire: {@code GET path HTTP/1.1}, {@code Host} (unless
     * a header gives it), the headers, and {@code Connection: close} without keep-alive.
     */
    String requestHead() {
        StringBuilder head = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
            head.append("Host: ")
                    .append(target.getHost())
                    .append(':')
                    .append(target.getPort())
                    .append("\r\n");
        }
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Time between two sends of one connection in rate mode, 0 for a closed loop. */
    long intervalNanos() {
        return rate > 0 ? Math.round(connections * 1e9 / rate) : 0;
    }
}
