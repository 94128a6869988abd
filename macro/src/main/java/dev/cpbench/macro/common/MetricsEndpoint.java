package dev.cpbench.macro.common;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Prometheus text over HTTP at {@code /metrics}, for endpoints that have no HTTP server of their own. */
public record MetricsEndpoint(HttpServer server) implements AutoCloseable {
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<String> text) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else each answer waits ~40 ms on Nagle
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new MetricsEndpoint(server);
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + "/metrics");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
