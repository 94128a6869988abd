package dev.cpbench.macro.merge;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;

/** summary.md of a merged run: the shards and how each did against its share, the merged counts and latencies. */
final class MergedSummary {
    private MergedSummary() {}

    static String markdown(JsonNode json, Path dir) {
        StringBuilder md = new StringBuilder();
        JsonNode shards = json.path("shards");
        md.append("# cpbench ")
                .append(json.path("scenario").asText())
                .append(": merged from ")
                .append(shards.size())
                .append(" shards\n\n");
        if (json.path("embedded").asBoolean()) {
            md.append("> **Figures from the embedded stand-in, not a real cluster.**\n\n");
        } else {
            md.append("Target: ")
                    .append(json.path("target").path("description").asText())
                    .append(".\n\n");
        }
        md.append("Result: ")
                .append(json.path("status").asText())
                .append("; errors: ")
                .append(json.path("errors").asLong());
        if (json.has("objectReads")) {
            md.append(String.format(
                    Locale.US,
                    "; object reads: %,d of %,d",
                    json.path("objectReads").asLong(),
                    json.path("expectedObjectReads").asLong()));
        }
        if (json.path("tenants").isObject()) {
            md.append(String.format(
                    Locale.US,
                    "; tenants ready: %,d of %,d",
                    json.path("tenants").path("ready").asLong(),
                    json.path("tenants").path("requested").asLong()));
        }
        md.append(
                        ".\n\n## Shards\n\n| shard | status | started | ended | errors | object reads | tenants ready | requested ops/s | sent/s | answered/s | held |\n")
                .append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (JsonNode s : shards) {
            JsonNode r = s.path("rates");
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                    s.path("shard").asText(),
                    s.path("status").asText(),
                    s.path("started").asText(),
                    s.path("ended").asText(),
                    s.path("errors").asLong(),
                    s.has("objectReads")
                            ? String.format(
                                    Locale.US,
                                    "%,d / %,d",
                                    s.path("objectReads").asLong(),
                                    s.path("expectedObjectReads").asLong())
                            : "",
                    s.has("tenantsReady")
                            ? String.format(
                                    Locale.US,
                                    "%,d / %,d",
                                    s.path("tenantsReady").asLong(),
                                    s.path("tenantsRequested").asLong())
                            : "",
                    rate(r, "requestedOpsPerSecond"),
                    rate(r, "sentPerSecond"),
                    rate(r, "completedPerSecond"),
                    r.isMissingNode() ? "" : r.path("held").asBoolean() ? "yes" : "**NO**"));
        }
        JsonNode rates = json.path("rates");
        if (rates.isObject()) {
            md.append(String.format(
                    Locale.US,
                    "%nAll shards: requested %,.1f ops/s (%,.1f HTTP req/s); scheduled %,d; sent in window %,d (%,.1f/s); "
                            + "answered in window %,d (%,.1f/s); held: %s.%n",
                    rates.path("requestedOpsPerSecond").asDouble(),
                    rates.path("requestedHttpRequestsPerSecond").asDouble(),
                    rates.path("scheduled").asLong(),
                    rates.path("sentInWindow").asLong(),
                    rates.path("sentPerSecond").asDouble(),
                    rates.path("completedInWindow").asLong(),
                    rates.path("completedPerSecond").asDouble(),
                    rates.path("held").asBoolean() ? "yes" : "**NO**"));
        }
        md.append("\n## Latency (ms, from the intended start; histograms of all shards added)\n\n")
                .append(
                        "| operation | endpoint | count | p50 | p90 | p95 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : json.path("latencyMs")) {
            md.append(String.format(
                    Locale.US,
                    "| %s | %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    r.path("operation").asText(),
                    r.path("endpoint").asText(),
                    r.path("count").asLong(),
                    r.path("p50Ms").asDouble(),
                    r.path("p90Ms").asDouble(),
                    r.path("p95Ms").asDouble(),
                    r.path("p99Ms").asDouble(),
                    r.path("maxMs").asDouble()));
        }
        md.append("\n## Notes\n\n");
        json.path("notes").forEach(n -> md.append("- ").append(n.asText()).append('\n'));
        md.append(
                        "\nFiles: run.json (shard 0's run with the counts summed and the latencies merged; every shard under \"shards\"), ")
                .append(
                        "shards.csv, latency.csv, *.hlog (all shards' intervals), phases.csv and samples.csv (shard 0's). Merged in ")
                .append(dir.getFileName())
                .append(".\n");
        return md.toString();
    }

    private static String rate(JsonNode rates, String field) {
        return rates.isMissingNode()
                ? ""
                : String.format(Locale.US, "%,.1f", rates.path(field).asDouble());
    }
}
