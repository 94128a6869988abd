package dev.cpbench.macro.envelope;

import dev.cpbench.fixtures.cluster.EtcdStore;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.fixtures.envelope.EnvelopeCodec;
import dev.cpbench.fixtures.envelope.EnvelopeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sample of the Secret corpus straight from etcd and checks each value as kube-apiserver's KMS v2
 * envelope: it starts with {@code k8s:enc:kms:v2:<provider>:} of the expected provider, the rest parses and validates
 * as an {@code EncryptedObject} (key ID, DEK source type, annotations; the fixtures' own decoder), and it holds
 * neither the Secret's payload bytes (protobuf storage, a real kube-apiserver's) nor their base64 (JSON storage,
 * the stand-in's). Any other value fails the check, naming its key; values are never printed.
 */
public final class RawEnvelopeCheck {
    static final String KMS_V2 = "k8s:enc:kms:v2:";
    private static final String ENCRYPTED = "k8s:enc:";
    private static final int MIN_RAW_NEEDLE = 8;

    /** What a key's value is; only {@link #OK} passes. */
    public enum Verdict {
        OK("ok"),
        ABSENT("absent from etcd"),
        PLAINTEXT("holds the Secret's plaintext"),
        NOT_KMS_V2("not a KMS v2 envelope"),
        UNEXPECTED_PROVIDER("written by another KMS provider"),
        UNPARSABLE("not a valid EncryptedObject");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** One key checked: what its envelope says, its size, and the verdict with what was wrong. */
    public record Row(
            String key,
            String provider,
            String keyId,
            String dekSourceType,
            int bytes,
            Verdict verdict,
            String detail) {
        public boolean ok() {
            return verdict == Verdict.OK;
        }

        /** The verdict, and for a failure what was wrong: "ok", "written by another KMS provider (expected cpbench)". */
        public String verdictText() {
            return detail.isEmpty() ? verdict.toString() : verdict + " (" + detail + ")";
        }

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("provider", provider);
            m.put("keyID", keyId);
            m.put("dekSourceType", dekSourceType);
            m.put("bytes", bytes);
            m.put("verdict", verdict.name().toLowerCase(Locale.US).replace('_', '-'));
            m.put("detail", detail);
            return m;
        }
    }

    private RawEnvelopeCheck() {}

    /**
     * Checks {@code samples} corpus Secrets under {@code etcdPrefix} (kube-apiserver's {@code --etcd-prefix}), spread
     * over the corpus's namespaces and over its index range.
     */
    public static List<Row> verify(
            EtcdStore etcd, String etcdPrefix, SecretCorpus corpus, int samples, String provider) {
        String prefix = etcdPrefix.endsWith("/") ? etcdPrefix.substring(0, etcdPrefix.length() - 1) : etcdPrefix;
        List<Row> rows = new ArrayList<>();
        for (int i : sample(corpus, samples)) {
            String key = prefix + "/secrets/" + corpus.namespace(i) + "/" + SecretCorpus.name(i);
            rows.add(check(key, etcd.rawValue(key), provider, plaintexts(corpus, i)));
        }
        return rows;
    }

    /**
     * Up to {@code n} distinct corpus indexes: the k-th near k/n of the range, moved to the next index in namespace
     * k mod (namespaces), so the sample covers every namespace when n allows.
     */
    static List<Integer> sample(SecretCorpus corpus, int n) {
        List<String> namespaces = corpus.namespaceNames();
        Set<Integer> picked = new LinkedHashSet<>();
        for (int k = 0; k < n && picked.size() < corpus.objects(); k++) {
            int i = (int) ((long) k * corpus.objects() / n);
            String wanted = namespaces.get(k % namespaces.size());
            for (int d = 0; d < namespaces.size() && i + d < corpus.objects(); d++) {
                if (corpus.namespace(i + d).equals(wanted)) {
                    i += d;
                    break;
                }
            }
            while (!picked.add(i)) {
                i = (i + 1) % corpus.objects();
            }
        }
        return List.copyOf(picked);
    }

    /** The checks of one value, in order: present, no plaintext, KMS v2, the expected provider, a valid envelope. */
    static Row check(String key, byte[] value, String provider, List<byte[]> plaintexts) {
        if (value == null) {
            return new Row(key, "", "", "", 0, Verdict.ABSENT, "");
        }
        for (byte[] p : plaintexts) {
            if (indexOf(value, p) >= 0) {
                return new Row(key, "", "", "", value.length, Verdict.PLAINTEXT, "");
            }
        }
        String head = new String(value, 0, Math.min(value.length, 256), StandardCharsets.ISO_8859_1);
        if (!head.startsWith(KMS_V2)) {
            int end = head.indexOf(':', head.indexOf(':', ENCRYPTED.length()) + 1);
            String what = head.startsWith(ENCRYPTED) && end > 0
                    ? "starts with " + head.substring(0, end + 1)
                    : "no k8s:enc: prefix";
            return new Row(key, "", "", "", value.length, Verdict.NOT_KMS_V2, what);
        }
        int colon = head.indexOf(':', KMS_V2.length());
        String found = colon < 0 ? "" : head.substring(KMS_V2.length(), colon);
        if (!found.equals(provider)) {
            return new Row(key, found, "", "", value.length, Verdict.UNEXPECTED_PROVIDER, "expected " + provider);
        }
        try {
            EnvelopeCodec.Fields f = EnvelopeCodec.inspect(value, provider, key);
            return new Row(key, found, f.keyId(), f.dekSourceType().name(), value.length, Verdict.OK, "");
        } catch (EnvelopeException e) {
            String why = String.valueOf(e.getMessage());
            return new Row(
                    key,
                    found,
                    "",
                    "",
                    value.length,
                    Verdict.UNPARSABLE,
                    why.startsWith(key + ": ") ? why.substring(key.length() + 2) : why);
        }
    }

    /**
     * What must not appear in a stored value: the JSON member {@code "payload":"<base64>"} and, from 8 bytes on (so
     * that random ciphertext cannot hold it by chance), the payload bytes themselves.
     */
    private static List<byte[]> plaintexts(SecretCorpus corpus, int index) {
        String base64 = corpus.secret(index).getData().get("payload");
        byte[] raw = Base64.getDecoder().decode(base64);
        byte[] json = ("\"payload\":\"" + base64 + "\"").getBytes(StandardCharsets.US_ASCII);
        return raw.length >= MIN_RAW_NEEDLE ? List.of(json, raw) : List.of(json);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
