package dev.cpbench.macro.scenario;

import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.corpus.CorpusSeeder;
import picocli.CommandLine.Option;

/** The corpus a scenario lists: its size (a tier or an exact count), object size, spread and seed. */
public final class CorpusOptions {
    @Option(
            names = "--tier",
            defaultValue = "ci",
            converter = Tier.Converter.class,
            description =
                    "Corpus size: ci (500), extended (2,000), nightly (10,000), design-proof (100,000) (default: ${DEFAULT-VALUE}).")
    Tier tier;

    @Option(names = "--objects", description = "Exact corpus size; overrides --tier.")
    Integer objects;

    @Option(
            names = "--object-bytes",
            defaultValue = "1024",
            description = "Payload bytes per Secret (default: ${DEFAULT-VALUE}).")
    int objectBytes;

    @Option(
            names = "--namespaces",
            defaultValue = "10",
            description = "Namespaces the corpus is spread over (default: ${DEFAULT-VALUE}).")
    int namespaces;

    @Option(
            names = "--seed",
            defaultValue = "" + SecretCorpus.DEFAULT_SEED,
            description = "Corpus seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--seed-workers",
            defaultValue = "8",
            description = "Parallel writers while seeding (default: ${DEFAULT-VALUE}).")
    int seedWorkers;

    @Option(
            names = "--corpus-scope",
            defaultValue = "cluster",
            description =
                    "cluster: list and count the corpus across all namespaces, as one list; namespaces: namespace by namespace "
                            + "(needs Secrets access only in the corpus namespaces, as the Helm chart's RBAC grants), and create no namespace "
                            + "the run may not (default: ${DEFAULT-VALUE}).")
    CorpusSeeder.Scope scope;

    @Option(
            names = "--cleanup",
            description = "Delete the corpus at the end of the run (default: keep it for the next run).")
    boolean cleanup;

    SecretCorpus corpus() {
        if (seedWorkers < 1) {
            throw new IllegalArgumentException("--seed-workers must be at least 1, got " + seedWorkers);
        }
        if (objects != null && objects < 1) {
            throw new IllegalArgumentException("--objects must be at least 1, got " + objects);
        }
        if (objectBytes < 0) {
            throw new IllegalArgumentException("--object-bytes must be 0 or more, got " + objectBytes);
        }
        if (namespaces < 1) {
            throw new IllegalArgumentException("--namespaces must be at least 1, got " + namespaces);
        }
        return new SecretCorpus(objects != null ? objects : tier.objects(), objectBytes, namespaces, seed);
    }
}
