package dev.cpbench.macro.tenants;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a tenant is made of: a namespace labelled {@value #TENANT_LABEL}, one {@value #KIND} custom resource
 * (of the CRD {@value #CRD_NAME}) and a few ConfigMaps; the objects mixed load reads and writes are ConfigMaps
 * too. Object contents are pseudo-random from a pinned seed, so runs are repeatable.
 */
final class Tenancy {
    static final String GROUP = "bench.cpbench.dev";
    static final String VERSION = "v1";
    static final String KIND = "TenantConfig";
    static final String PLURAL = "tenantconfigs";
    static final String CRD_NAME = PLURAL + "." + GROUP;
    static final String TENANT_LABEL = "cpbench.dev/tenant";
    /** The custom resource each tenant has, and the name the bootstrap reads back to call a tenant ready. */
    static final String CONFIG_NAME = "config";
    /** The namespace inside a tenant's own control plane (URL mode): a fresh one holds no namespaces yet. */
    static final String NAMESPACE_IN_OWN_CONTROL_PLANE = "cpbench";

    static final long SEED = 0x7e7a9c5L;
    static final ResourceDefinitionContext CONFIGS = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind(KIND)
            .withPlural(PLURAL)
            .withNamespaced(true)
            .build();

    private Tenancy() {}

    static CustomResourceDefinition definition() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(CRD_NAME)
                .addToLabels(TENANT_LABEL, "definition")
                .endMetadata()
                .withNewSpec()
                .withGroup(GROUP)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(KIND)
                .withPlural(PLURAL)
                .withSingular("tenantconfig")
                .withListKind(KIND + "List")
                .endNames()
                .addNewVersion()
                .withName(VERSION)
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withOpenAPIV3Schema(new JSONSchemaPropsBuilder()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .build())
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }

    static Namespace namespace(String name, String tenant) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(TENANT_LABEL, tenant)
                .endMetadata()
                .build();
    }

    static GenericKubernetesResource config(String namespace, String tenant) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(GROUP + "/" + VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(CONFIG_NAME)
                .withNamespace(namespace)
                .addToLabels(TENANT_LABEL, tenant)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("tenant", tenant, "tier", "standard", "quotaObjects", 1000))
                .build();
    }

    /** A ConfigMap holding {@code bytes} of printable pseudo-random data, the same for the same name. */
    static ConfigMap object(String namespace, String name, String tenant, int bytes) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(TENANT_LABEL, tenant)
                .endMetadata()
                .addToData("payload", payload(name.hashCode() ^ namespace.hashCode(), bytes))
                .build();
    }

    /** {@code bytes} printable characters from a pinned seed and {@code salt}. */
    static String payload(long salt, int bytes) {
        SplittableRandom random = new SplittableRandom(SEED ^ salt);
        char[] out = new char[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(out);
    }
}
