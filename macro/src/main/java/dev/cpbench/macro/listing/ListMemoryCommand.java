package dev.cpbench.macro.listing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cpbench.fixtures.cluster.ResourceType;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.fixtures.listing.CachedObject;
import dev.cpbench.fixtures.listing.ListEncoder;
import dev.cpbench.fixtures.listing.ListPage;
import dev.cpbench.macro.common.RunDirectory;
import dev.cpbench.macro.target.ListEncoderConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How much heap each LIST encoder keeps alive while it serialises a list, as the list grows: the whole
 * encoder holds the entire response, streaming and cached-bytes one item and a buffer. One JVM, one encoder
 * at a time, a full GC before each and at every sample (see {@link LiveHeapSink}).
 */
@Command(
        name = "list-memory",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures the live heap each LIST encoder (whole, streaming, cached-bytes) keeps while it",
            "writes a list of Secrets, for growing list sizes. Writes list-memory.csv and list-memory.json to --out.",
            "Give the JVM room for the largest list twice over, e.g. CPBENCH_JAVA_OPTS=-Xmx3g."
        })
public final class ListMemoryCommand implements Callable<Integer> {
    /** 4 MiB: often enough to catch a whole-list buffer and a streaming encoder's steady state alike. */
    static final long SAMPLE_EVERY_BYTES = 4L << 20;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--objects",
            split = ",",
            defaultValue = "10000,25000,50000,100000",
            description = "List sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
            names = "--object-bytes",
            defaultValue = "1024",
            description = "Payload bytes per Secret (default: ${DEFAULT-VALUE}).")
    int objectBytes;

    @Option(
            names = "--encoders",
            split = ",",
            defaultValue = "whole,streaming,cached-bytes",
            converter = ListEncoderConverter.class,
            description = "Encoders to measure (default: ${DEFAULT-VALUE}).")
    List<ListEncoder> encoders;

    @Option(
            names = "--out",
            defaultValue = "runs",
            description = "Where the run directory goes (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One measurement: an encoder writing a list of {@code objects} Secrets. */
    record Row(
            String encoder,
            int objects,
            int objectBytes,
            long responseBytes,
            long liveHeapBeforeBytes,
            long peakExtraLiveHeapBytes,
            int samples,
            double seconds) {
        static final String CSV_HEADER =
                "encoder,objects,object_bytes,response_bytes,live_heap_before_bytes,peak_extra_live_heap_bytes,samples,seconds";

        String csv() {
            return String.format(
                    Locale.US,
                    "%s,%d,%d,%d,%d,%d,%d,%.3f",
                    encoder,
                    objects,
                    objectBytes,
                    responseBytes,
                    liveHeapBeforeBytes,
                    peakExtraLiveHeapBytes,
                    samples,
                    seconds);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (sizes.stream().anyMatch(n -> n < 1) || objectBytes < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--objects must each be at least 1 and --object-bytes 0 or more, got "
                            + sizes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                            + " and " + objectBytes);
        }
        Path dir = RunDirectory.create(out, "list-memory", Instant.now());
        List<Row> rows = new ArrayList<>();
        System.out.println(Row.CSV_HEADER);
        for (int size : sizes) {
            List<CachedObject> items = cache(new SecretCorpus(size, objectBytes, 10, SecretCorpus.DEFAULT_SEED));
            ListPage page = new ListPage("v1", "SecretList", "1", null, null, items);
            for (ListEncoder encoder : encoders) {
                if (encoder == ListEncoder.CACHED_BYTES) {
                    items.forEach(CachedObject::json); // the watch cache holds them already; not this list's cost
                }
                long before = LiveHeapSink.liveHeap();
                LiveHeapSink sink = new LiveHeapSink(SAMPLE_EVERY_BYTES);
                long start = System.nanoTime();
                encoder.encode(page, sink);
                double seconds = (System.nanoTime() - start) / 1e9;
                Row row = new Row(
                        ListEncoderConverter.label(encoder),
                        size,
                        objectBytes,
                        sink.written(),
                        before,
                        Math.max(0, sink.peakUsed() - before),
                        sink.samples(),
                        seconds);
                rows.add(row);
                System.out.println(row.csv());
            }
        }
        StringBuilder csv = new StringBuilder(Row.CSV_HEADER).append('\n');
        rows.forEach(r -> csv.append(r.csv()).append('\n'));
        Files.writeString(dir.resolve("list-memory.csv"), csv, StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "what",
                "live heap an encoder keeps while writing a LIST of Secrets to a discarding sink; full GC at each sample");
        json.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        json.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        json.put("sampleEveryBytes", SAMPLE_EVERY_BYTES);
        json.put("seed", SecretCorpus.DEFAULT_SEED);
        json.put("rows", rows);
        Files.writeString(
                dir.resolve("list-memory.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json),
                StandardCharsets.UTF_8);
        System.err.println("wrote " + dir.resolve("list-memory.csv"));
        return 0;
    }

    private static List<CachedObject> cache(SecretCorpus corpus) {
        List<CachedObject> items = new ArrayList<>(corpus.objects());
        for (int i = 0; i < corpus.objects(); i++) {
            var secret = corpus.secret(i);
            items.add(new CachedObject(
                    secret,
                    ResourceType.SECRETS.key(
                            secret.getMetadata().getNamespace(),
                            secret.getMetadata().getName())));
        }
        return items;
    }
}
