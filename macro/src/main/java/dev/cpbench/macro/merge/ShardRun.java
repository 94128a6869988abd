package dev.cpbench.macro.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.macro.common.Partition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One shard's run directory and its run.json. */
record ShardRun(Path dir, JsonNode json, Partition shard) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ShardRun read(Path dir) {
        Path file = dir.resolve("run.json");
        if (!Files.isRegularFile(file)) {
            throw new MergeException(dir + " is not a run directory: it has no run.json");
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            String shard = json.path("options").path("shard").asText("0/1");
            return new ShardRun(dir, json, Partition.parse(shard));
        } catch (IOException | IllegalArgumentException e) {
            throw new MergeException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    String scenario() {
        return json.path("scenario").asText();
    }

    String status() {
        return json.path("status").asText();
    }

    /**
     * The shards of one sharded run, ordered by index: one scenario, one shard count, every index exactly once.
     */
    static List<ShardRun> checked(List<ShardRun> runs) {
        if (runs.isEmpty()) {
            throw new MergeException("nothing to merge: no run directories");
        }
        List<ShardRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingInt(r -> r.shard().index()));
        ShardRun first = sorted.get(0);
        int count = first.shard().count();
        for (ShardRun r : sorted) {
            if (!r.scenario().equals(first.scenario())) {
                throw new MergeException("runs of different scenarios: " + first.dir() + " is " + first.scenario()
                        + ", " + r.dir() + " is " + r.scenario());
            }
            if (r.shard().count() != count) {
                throw new MergeException(r.dir() + " is shard " + r.shard() + " but " + first.dir() + " is shard "
                        + first.shard() + ": runs split a different number of ways");
            }
        }
        for (int i = 0; i < count; i++) {
            int index = i;
            long n = sorted.stream().filter(r -> r.shard().index() == index).count();
            if (n != 1) {
                throw new MergeException((n == 0
                                ? "shard " + index + "/" + count + " is missing"
                                : "shard " + index + "/" + count + " appears " + n + " times")
                        + " among "
                        + sorted.stream().map(r -> r.dir().toString()).toList());
            }
        }
        return sorted;
    }
}
