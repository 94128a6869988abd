package dev.cpbench.macro.tenants;

import dev.cpbench.macro.common.DurationConverter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How many tenants, how they are made and addressed, and the pauses around their bootstrap. */
public final class TenantOptions {
    /** Payload of each ConfigMap a tenant starts with: a small configuration object. */
    static final int BOOTSTRAP_OBJECT_BYTES = 256;

    @Option(
            names = "--tenants",
            defaultValue = "200",
            description = "Tenants to bootstrap (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(
            names = "--workers",
            defaultValue = "16",
            description =
                    "Tenants bootstrapped at once, each worker waiting for its tenant to be ready (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--objects-per-tenant",
            defaultValue = "3",
            description = "ConfigMaps (" + BOOTSTRAP_OBJECT_BYTES
                    + " B) each tenant starts with, besides its custom resource (default: ${DEFAULT-VALUE}).")
    int objectsPerTenant;

    @Option(
            names = "--tenant-prefix",
            defaultValue = "cpbench-tenant",
            description = "Tenant names are <prefix>-00000, <prefix>-00001, ... (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(
            names = "--tenant-url-template",
            paramLabel = "URL",
            description =
                    "Each tenant is a virtual control plane at this URL, {name} replaced by the tenant's name, "
                            + "e.g. https://host/clusters/{name} (default: a tenant is a namespace on the target's API servers).")
    String urlTemplate;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "Light reads before the baseline sample, to warm caches and JITs (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--post-bootstrap-settle",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Pause after the bootstrap, before the post sample (default: ${DEFAULT-VALUE}).")
    Duration postBootstrapSettle;

    @Option(
            names = "--sample-interval",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "How often process figures are scraped between samples, for peaks and CPU bursts (default: ${DEFAULT-VALUE}).")
    Duration sampleInterval;

    @Option(
            names = "--safety-factor",
            defaultValue = "1.5",
            description =
                    "Sizing: limits.memory = the peak RSS from the bootstrap on × this (default: ${DEFAULT-VALUE}).")
    double safetyFactor;

    @Option(names = "--keep-tenants", description = "Leave the tenants in place at the end (default: delete them).")
    boolean keepTenants;

    /** The first problem with these options, or null. */
    String problem() {
        if (tenants < 1) {
            return "--tenants must be at least 1, got " + tenants;
        }
        if (workers < 1) {
            return "--workers must be at least 1, got " + workers;
        }
        if (objectsPerTenant < 0) {
            return "--objects-per-tenant must be 0 or more, got " + objectsPerTenant;
        }
        if (!prefix.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || prefix.length() > 57) {
            return "--tenant-prefix must be a DNS label of at most 57 characters (lowercase letters, digits, '-'), got '"
                    + prefix + "'";
        }
        if (urlTemplate != null && !urlTemplate.contains("{name}")) {
            return "--tenant-url-template must contain {name}, got '" + urlTemplate + "'";
        }
        if (sampleInterval.toMillis() < 100) {
            return "--sample-interval must be at least 100ms, got " + DurationConverter.format(sampleInterval);
        }
        if (!(safetyFactor >= 1)) {
            return "--safety-factor must be at least 1, got " + safetyFactor;
        }
        return null;
    }

    String name(int index) {
        return String.format(Locale.US, "%s-%05d", prefix, index);
    }
}
