package dev.cpbench.macro.tenants;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cpbench.macro.common.Partition;
import dev.cpbench.macro.latency.OperationLatencies;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model CRUD on the hot tenants: writes (a GET then an UPDATE with the read resourceVersion, so a lost race
 * is a 409) at X per second and reads (a GET) at Y per second per hot tenant, on a fixed schedule: write j of
 * the run is due at {@code j / (X × hot)} s and goes to hot tenant {@code j mod hot}, reads likewise, so each
 * tenant gets its rate with its sends spread evenly. One thread sends every operation when it is due, without
 * waiting for answers (fabric8's asynchronous HTTP client); latency counts from the due time, so a slow server
 * cannot slow the schedule down and hide its own latency (coordinated omission). The time from due to sent is
 * recorded as {@value #SEND_LAG}: if the client falls behind, the report says so.
 */
final class MixedLoad {
    static final String READ = "load-read";
    static final String WRITE = "load-write";
    static final String PREWARM = "prewarm";
    static final String SEND_LAG = "send-lag";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the schedule asked for and what happened within its window. */
    record Rates(
            double requestedOpsPerSecond,
            double requestedHttpPerSecond,
            long scheduled,
            long sentInWindow,
            long completedInWindow,
            long completed,
            double windowSeconds) {
        double sentPerSecond() {
            return sentInWindow / windowSeconds;
        }

        double completedPerSecond() {
            return completedInWindow / windowSeconds;
        }

        /** Whether the sends and the answers within the window both reached {@link RateBar}'s share of the schedule. */
        boolean held() {
            return RateBar.held(scheduled, sentInWindow, completedInWindow);
        }
    }

    private final List<Tenant> hot;
    private final Partition shard;
    private final double writesPerTenant;
    private final double readsPerTenant;
    private final int objects;
    private final int objectBytes;
    private final OperationLatencies latencies;
    private final OperationTally tally;
    private final Duration requestTimeout;
    private final LongAdder completedInWindow = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private volatile long windowEnd;

    MixedLoad(
            List<Tenant> hot,
            Partition shard,
            double writesPerTenant,
            double readsPerTenant,
            int objects,
            int objectBytes,
            OperationLatencies latencies,
            OperationTally tally,
            Duration requestTimeout) {
        this.hot = hot;
        this.shard = shard;
        this.writesPerTenant = writesPerTenant;
        this.readsPerTenant = readsPerTenant;
        this.objects = objects;
        this.objectBytes = objectBytes;
        this.latencies = latencies;
        this.tally = tally;
        this.requestTimeout = requestTimeout;
    }

    /** Creates the objects the load reads and writes: {@code objects} ConfigMaps per hot tenant of this shard. */
    void prewarm(int workers, PrintStream console) throws InterruptedException {
        Workers.forEach(
                "prewarm", hot.stream().filter(t -> shard.owns(t.index())).toList(), workers, console, t -> {
                    for (int k = 0; k < objects; k++) {
                        long start = System.nanoTime();
                        try {
                            t.endpoint()
                                    .client()
                                    .configMaps()
                                    .inNamespace(t.namespace())
                                    .resource(Tenancy.object(t.namespace(), objectName(k), t.name(), objectBytes))
                                    .create();
                            tally.ok(PREWARM);
                        } catch (KubernetesClientException e) {
                            tally.failed(PREWARM, e);
                        } finally {
                            latencies.record(PREWARM, t.latencyTag(), start, System.nanoTime());
                        }
                    }
                });
    }

    /**
     * Runs the schedule for {@code duration} from {@code scheduleStart} (null: 10 ms from now), then waits for the
     * answers still due (up to the request timeout). Sharded, only the operations on this shard's tenants are
     * sent, at the times the whole schedule gives them.
     */
    Rates run(Duration duration, Instant scheduleStart, int maxInFlight) throws InterruptedException {
        double writeRate = writesPerTenant * hot.size();
        double readRate = readsPerTenant * hot.size();
        long windowNanos = duration.toNanos();
        long writes = (long) Math.ceil(writeRate * duration.toNanos() / 1e9);
        long reads = (long) Math.ceil(readRate * duration.toNanos() / 1e9);
        long ownHot = hot.stream().filter(t -> shard.owns(t.index())).count();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime()
                + (scheduleStart == null
                        ? 10_000_000L
                        : Duration.between(Instant.now(), scheduleStart).toNanos());
        windowEnd = start + windowNanos;
        long w = 0;
        long r = 0;
        long scheduled = 0;
        long sentInWindow = 0;
        while (w < writes || r < reads) {
            long writeDue = w < writes ? start + (long) (w * 1e9 / writeRate) : Long.MAX_VALUE;
            long readDue = r < reads ? start + (long) (r * 1e9 / readRate) : Long.MAX_VALUE;
            boolean write = writeDue <= readDue;
            long due = write ? writeDue : readDue;
            long j = write ? w++ : r++;
            Tenant t = hot.get((int) (j % hot.size()));
            if (!shard.owns(t.index())) {
                continue;
            }
            scheduled++;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            inFlight.acquire();
            long sent = System.nanoTime();
            latencies.record(SEND_LAG, "client", due, sent);
            if (sent < windowEnd) {
                sentInWindow++;
            }
            String object = objectName((int) ((j / hot.size()) % objects));
            CompletableFuture<?> op = write ? write(t, object, j) : read(t, object);
            String operation = write ? WRITE : READ;
            op.whenComplete((ok, failure) -> {
                long end = System.nanoTime();
                latencies.record(operation, t.latencyTag(), due, end);
                if (failure == null) {
                    tally.ok(operation);
                } else {
                    tally.failed(operation, failure);
                }
                completed.increment();
                if (end < windowEnd) {
                    completedInWindow.increment();
                }
                inFlight.release(); // last: the drain below must see this operation counted
            });
        }
        if (!inFlight.tryAcquire(maxInFlight, requestTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            tally.failed(
                    READ,
                    new IllegalStateException((maxInFlight - inFlight.availablePermits())
                            + " operations still unanswered after the request timeout"));
        }
        double own = (double) ownHot / hot.size();
        return new Rates(
                (writeRate + readRate) * own,
                (2 * writeRate + readRate) * own,
                scheduled,
                sentInWindow,
                completedInWindow.sum(),
                completed.sum(),
                windowNanos / 1e9);
    }

    private CompletableFuture<byte[]> read(Tenant t, String object) {
        return send(t, uri(t, object), null);
    }

    /** GET, then PUT the object back with a changed payload and the resourceVersion it was read at. */
    private CompletableFuture<byte[]> write(Tenant t, String object, long j) {
        URI uri = uri(t, object);
        return send(t, uri, null).thenCompose(body -> {
            try {
                ObjectNode configMap = (ObjectNode) JSON.readTree(body);
                configMap.withObjectProperty("data").put("payload", Tenancy.payload(j, objectBytes));
                return send(t, uri, JSON.writeValueAsString(configMap));
            } catch (java.io.IOException | ClassCastException e) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("unreadable answer to GET " + uri + ": " + e.getMessage(), e));
            }
        });
    }

    /** GET, or PUT {@code putBody}; completes with the answer's body, or fails unless the answer is 2xx. */
    private CompletableFuture<byte[]> send(Tenant t, URI uri, String putBody) {
        HttpClient http = t.endpoint().client().getHttpClient();
        HttpRequest.Builder request =
                http.newHttpRequestBuilder().uri(uri).timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (putBody != null) {
            request.put("application/json", putBody);
        }
        return http.sendAsync(request.build(), byte[].class).thenCompose(MixedLoad::successful);
    }

    private static CompletableFuture<byte[]> successful(HttpResponse<byte[]> r) {
        if (r.isSuccessful()) {
            return CompletableFuture.completedFuture(r.body());
        }
        return CompletableFuture.failedFuture(new KubernetesClientException(
                r.request().method() + " " + r.request().uri() + " answered HTTP " + r.code(), r.code(), null));
    }

    private static URI uri(Tenant t, String object) {
        return URI.create(t.endpoint().url().toString().replaceFirst("/+$", "") + "/api/v1/namespaces/" + t.namespace()
                + "/configmaps/" + object);
    }

    static String objectName(int k) {
        return "hot-" + k;
    }
}
