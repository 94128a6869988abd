package dev.cpbench.micro.metadata;

import dev.cpbench.fixtures.metadata.ConcealingProxy;
import dev.cpbench.fixtures.metadata.ConcealingProxyOptions;
import dev.cpbench.fixtures.metadata.MetadataFilter;
import dev.cpbench.fixtures.metadata.MetadataServer;
import dev.cpbench.fixtures.metadata.MetadataServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a node-local metadata proxy pays per request. {@code filter}: {@link MetadataFilter#decide} alone for an
 * allowed token request, a concealed {@code kube-env} read disguised with dot segments and case, and a rejected
 * encoded-slash request ({@code request}). {@code token}: one service-account token request over loopback HTTP/1.1
 * keep-alive (JDK HttpClient, one connection) straight to the GCE metadata mock ({@code DIRECT}, the floor), through
 * the {@link ConcealingProxy} with its token cache ({@code PROXY_CACHED}: no upstream call) or without it
 * ({@code PROXY_UNCACHED}: a second hop per request).
 *
 * <p>Run: {@code ./jmh.sh --quick MetadataBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
public class MetadataBenchmark {
    static final String TOKEN = "/computeMetadata/v1/instance/service-accounts/default/token";

    /** One request target of each verdict. */
    public enum Request {
        ALLOWED(TOKEN, MetadataFilter.Verdict.ALLOW),
        CONCEALED("/computeMetadata/v1/instance/./ATTRIBUTES//../attributes/Kube-Env", MetadataFilter.Verdict.CONCEAL),
        REJECTED("/computeMetadata/v1/instance/attributes%2Fkube-env", MetadataFilter.Verdict.REJECT);

        final String target;
        final MetadataFilter.Verdict verdict;

        Request(String target, MetadataFilter.Verdict verdict) {
            this.target = target;
            this.verdict = verdict;
        }
    }

    /** Where the token request goes. */
    public enum Route {
        DIRECT,
        PROXY_CACHED,
        PROXY_UNCACHED
    }

    @State(Scope.Benchmark)
    public static class FilterCase {
        private static final Function<String, String> HEADERS =
                name -> name.equalsIgnoreCase("Metadata-Flavor") ? "Google" : null;

        @Param({"ALLOWED", "CONCEALED", "REJECTED"})
        Request request;

        /** The case measures what it says: its target gets its verdict. */
        @Setup(Level.Trial)
        public void check() {
            MetadataFilter.Verdict verdict =
                    MetadataFilter.decide("GET", request.target, HEADERS).verdict();
            if (verdict != request.verdict) {
                throw new IllegalStateException(request + " was decided " + verdict);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Endpoints {
        @Param({"DIRECT", "PROXY_CACHED", "PROXY_UNCACHED"})
        Route route;

        MetadataServer server;
        ConcealingProxy proxy;
        HttpClient client;
        HttpRequest request;

        @Setup(Level.Trial)
        public void start() {
            server = MetadataServer.start(MetadataServerOptions.defaults());
            URI base = server.url();
            if (route != Route.DIRECT) {
                proxy = ConcealingProxy.start(ConcealingProxyOptions.builder()
                        .upstream(server.url())
                        .tokenCache(route == Route.PROXY_CACHED)
                        .build());
                base = proxy.url();
            }
            client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            request = HttpRequest.newBuilder(base.resolve(TOKEN))
                    .header("Metadata-Flavor", "Google")
                    .GET()
                    .build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
            server.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public MetadataFilter.Decision filter(FilterCase c) {
        return MetadataFilter.decide("GET", c.request.target, FilterCase.HEADERS);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int token(Endpoints e) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = e.client.send(e.request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request answered " + response.statusCode());
        }
        return response.body().length;
    }
}
