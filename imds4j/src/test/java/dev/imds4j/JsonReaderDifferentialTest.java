/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.InstanceFeature;
import dev.imds4j.emulator.MaintenanceEvent;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.SpotAction;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonReader} against Jackson jr 2.23 (the parser it replaced): for a corpus of IMDS
 * documents and thousands of generated and byte-mutated ones, both must accept or both refuse,
 * and what both accept must read as the same value (types, key order and all). Where the reader
 * differs on purpose, the difference is named ({@link Difference}) and each case is checked to
 * be exactly that difference. Seeded: the seed is printed, and
 * {@code -Dimds4j.json.seed=N} reruns one. The emulator's part of the corpus holds secrets that
 * differ per run (its seed is random), so a disagreement is reported with the document's bytes.
 */
final class JsonReaderDifferentialTest {
    private static final long SEED = Long.getLong("imds4j.json.seed", 20_261_130L);
    private static final int GENERATED = 2_500;
    private static final int MUTATIONS_PER_DOCUMENT = 2;
    private static final int MUTATIONS_PER_CORPUS_DOCUMENT = 150;

    /** Where the reader refuses what Jackson jr accepted (or the reverse), deliberately. */
    enum Difference {
        /**
         * Jackson jr reads the first value and ignores what follows; the reader refuses
         * anything after the value (checked: the bytes before the refused one read as Jackson's
         * value).
         */
        TRAILING,
        /**
         * Jackson guesses UTF-16 or UTF-32 from a zero byte (or their byte order mark) among the
         * first two; the reader takes UTF-8 only, in which neither can start a document.
         */
        ENCODING,
        /** Jackson accepts 1000 levels of nesting, the reader {@value JsonReader#MAX_DEPTH}. */
        DEPTH,
        /**
         * Jackson refuses keys longer than 50,000 characters; the reader has no such limit (the
         * client reads at most 1 MiB).
         */
        NAME_LENGTH
    }

    private static final List<byte[]> CORPUS = new ArrayList<>();

    @BeforeAll
    static void corpus() throws IOException {
        // What the emulator serves, every JSON document of its tree
        ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock)
                .feature(InstanceFeature.ELASTIC_GPU).feature(InstanceFeature.ELASTIC_INFERENCE)
                .feature(InstanceFeature.KERNEL_AND_RAMDISK).start();
                ImdsClient client = Patient.client(emulator.endpoint()).build()) {
            Instant now = clock.instant();
            emulator.scheduleSpotInterruption(SpotAction.TERMINATE, now, now.plusSeconds(120))
                    .scheduleRebalanceRecommendation(now);
            emulator.scheduleMaintenanceEvent(new MaintenanceEvent("system-reboot",
                    "scheduled reboot", "instance-event-0d59937288b749b32",
                    now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(2)).plusSeconds(7200),
                    "active"), now);
            String md = "/latest/meta-data/";
            for (String path : List.of("/latest/dynamic/instance-identity/document",
                    md + "iam/info", md + "iam/security-credentials/imds4j-demo-role",
                    md + "iam/security-credentials-extended/imds4j-demo-role",
                    md + "identity-credentials/ec2/info",
                    md + "identity-credentials/ec2/security-credentials/ec2-instance",
                    md + "elastic-gpus/associations/egpu-0f6d10dd0a5b54a3e",
                    md + "elastic-inference/associations/eia-0b7f1c8e2d3a4c5b6",
                    md + "spot/instance-action", md + "events/recommendations/rebalance",
                    md + "events/maintenance/scheduled")) {
                CORPUS.add(client.getBytes(path));
            }
        }
        // As AWS's user guide shows them (nulls, dates of maintenance events, error codes)
        for (String doc : List.of(
                "{\n  \"accountId\" : \"123456789012\",\n  \"architecture\" : \"x86_64\",\n"
                        + "  \"availabilityZone\" : \"us-east-1a\",\n  \"billingProducts\" : "
                        + "null,\n  \"devpayProductCodes\" : null,\n  \"marketplaceProductCodes"
                        + "\" : [ \"1abc2defghijklm3nopqrs4tu\" ],\n  \"imageId\" : "
                        + "\"ami-0123456789abcdef0\",\n  \"instanceId\" : \"i-1234567890abcdef0"
                        + "\",\n  \"instanceType\" : \"t2.micro\",\n  \"kernelId\" : null,\n"
                        + "  \"pendingTime\" : \"2016-11-19T16:32:11Z\",\n  \"privateIp\" : "
                        + "\"10.158.112.84\",\n  \"ramdiskId\" : null,\n  \"region\" : "
                        + "\"us-east-1\",\n  \"version\" : \"2017-09-30\"\n}",
                "{\"Code\":\"Success\",\"LastUpdated\":\"2012-04-26T16:39:16Z\",\"Type\":"
                        + "\"AWS-HMAC\",\"AccessKeyId\":\"ASIAIOSFODNN7EXAMPLE\","
                        + "\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","
                        + "\"Token\":\"token\",\"Expiration\":\"2017-05-17T15:09:54Z\"}",
                "{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"Message\":\"EC2 cannot assume the "
                        + "role\",\"LastUpdated\":\"2026-03-01T10:00:00Z\"}",
                "[ {\n  \"NotBefore\" : \"21 Jan 2019 09:00:43 GMT\",\n  \"Code\" : "
                        + "\"system-reboot\",\n  \"Description\" : \"scheduled reboot\",\n  "
                        + "\"EventId\" : \"instance-event-0d59937288b749b32\",\n  \"NotAfter\" :"
                        + " \"21 Jan 2019 09:17:23 GMT\",\n  \"State\" : \"active\"\n} ]",
                "{\"action\": \"terminate\", \"time\": \"2017-09-18T08:22:00Z\"}",
                "{\"noticeTime\": \"2020-11-05T08:22:00Z\"}",
                "{\"a\":[1,-0,0.5,-1.5e-3,1E+2,12345678901234567890,-9223372036854775808,"
                        + "1e999999999],\"b\":{\"c\":[true,false,null,{},[]]},\"\\u00e9\\ud83d"
                        + "\\ude00\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\ud800\"}",
                "{\"" + "k".repeat(50_001) + "\":1}",
                "{\"" + "k".repeat(50_000) + "\":1}",
                "{\"action\": \"stop\", \"time\": \"2017-09-18T08:22:00Z\"}\n{\"a\":1}",
                "[".repeat(300) + "]".repeat(300))) {
            CORPUS.add(doc.getBytes(UTF_8));
        }
        String identity = new String(CORPUS.get(0), UTF_8);
        CORPUS.add(identity.getBytes(UTF_16LE));
        CORPUS.add(identity.getBytes(UTF_16)); // big-endian, with a byte order mark
        CORPUS.add(identity.getBytes(Charset.forName("UTF-32BE")));
    }

    /** One parser's verdict: a value, or a refusal. */
    private record Verdict(boolean accepted, Object value, Exception failure) {
        static Verdict ours(byte[] json) {
            try {
                return new Verdict(true, JsonReader.read(json), null);
            } catch (JsonReader.Malformed e) {
                return new Verdict(false, null, e);
            }
        }

        static Verdict jackson(byte[] json) {
            try {
                return new Verdict(true, JSON.std.anyFrom(json), null);
            } catch (IOException e) {
                return new Verdict(false, null, e);
            }
        }
    }

    private final Map<Difference, Integer> differences = new EnumMap<>(Difference.class);
    private int bothAccepted;
    private int bothRefused;

    @Test
    void reader_agreesWithJacksonJr_exceptWhereNamed() throws Exception {
        System.out.println("JsonReaderDifferentialTest: seed " + SEED
                + " (rerun with -Dimds4j.json.seed=" + SEED + ")");
        Random random = new Random(SEED);
        List<String> disagreements = new ArrayList<>();
        int count = 0;
        for (byte[] doc : CORPUS) {
            count += compare("corpus", doc, disagreements);
            for (int m = 0; m < MUTATIONS_PER_CORPUS_DOCUMENT; m++) {
                count += compare("mutated corpus", mutate(random, doc), disagreements);
            }
        }
        for (int g = 0; g < GENERATED; g++) {
            byte[] doc = generate(random);
            count += compare("generated", doc, disagreements);
            for (int m = 0; m < MUTATIONS_PER_DOCUMENT; m++) {
                count += compare("mutated", mutate(random, doc), disagreements);
            }
        }
        System.out.println("JsonReaderDifferentialTest: " + count + " documents; both accepted "
                + bothAccepted + ", both refused " + bothRefused + ", named differences "
                + differences);

        assertThat(disagreements).as("unexplained disagreements (seed " + SEED + ")").isEmpty();
        // the inputs exercise both verdicts, and every named difference
        assertThat(bothAccepted).isGreaterThan(count / 5);
        assertThat(bothRefused).isGreaterThan(count / 5);
        assertThat(differences.keySet()).containsExactlyInAnyOrder(Difference.values());
    }

    /** Compares the two on {@code json}; returns 1. */
    private int compare(String kind, byte[] json, List<String> disagreements) {
        Verdict ours = Verdict.ours(json);
        Verdict theirs = Verdict.jackson(json);
        String problem = null;
        if (ours.accepted() && theirs.accepted()) {
            bothAccepted++;
            problem = same(ours.value(), theirs.value(), "$");
        } else if (!ours.accepted() && !theirs.accepted()) {
            bothRefused++;
        } else {
            Difference d = explain(json, ours, theirs);
            if (d == null) {
                problem = ours.accepted() ? "only Jackson refused: " + theirs.failure()
                        : "only the reader refused: " + ours.failure().getMessage();
            } else {
                differences.merge(d, 1, Integer::sum);
            }
        }
        if (problem != null && disagreements.size() < 20) {
            disagreements.add(kind + " document " + hex(json) + ": " + problem);
        }
        return 1;
    }

    /** The named difference this case is, checked; null when it is none of them. */
    private static Difference explain(byte[] json, Verdict ours, Verdict theirs) {
        if (!ours.accepted()) {
            JsonReader.Malformed e = (JsonReader.Malformed) ours.failure();
            if (json.length >= 2 && (json[0] == 0 || json[1] == 0
                    || (json[0] == (byte) 0xFE && json[1] == (byte) 0xFF)
                    || (json[0] == (byte) 0xFF && json[1] == (byte) 0xFE))) {
                return e.offset() <= 1 ? Difference.ENCODING : null;
            }
            if (e.reason().equals(JsonReader.TRAILING)) {
                byte[] prefix = Arrays.copyOf(json, e.offset());
                Verdict before = Verdict.ours(prefix);
                return before.accepted() && same(before.value(), theirs.value(), "$") == null
                        ? Difference.TRAILING : null;
            }
            if (e.reason().equals(JsonReader.DEPTH)) {
                int depth = depth(theirs.value());
                return depth > JsonReader.MAX_DEPTH && depth <= 1000 ? Difference.DEPTH : null;
            }
            return null;
        }
        String message = String.valueOf(theirs.failure().getMessage());
        return message.startsWith("Name length (") && longestKey(ours.value()) > 50_000
                ? Difference.NAME_LENGTH : null;
    }

    /** Null when {@code a} (ours) and {@code b} (Jackson's) are the same value, else where not. */
    private static String same(Object a, Object b, String at) {
        if (a == null || b == null) {
            return a == b ? null : at + ": " + describe(a) + " against " + describe(b);
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return at + ": " + ma.size() + " keys against " + mb.size();
            }
            Iterator<? extends Map.Entry<?, ?>> ib = mb.entrySet().iterator();
            for (Map.Entry<?, ?> ea : ma.entrySet()) {
                Map.Entry<?, ?> eb = ib.next();
                if (!ea.getKey().equals(eb.getKey())) {
                    return at + ": keys differ or are in another order";
                }
                String inner = same(ea.getValue(), eb.getValue(), at + "." + ea.getKey());
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return at + ": " + la.size() + " elements against " + lb.size();
            }
            for (int i = 0; i < la.size(); i++) {
                String inner = same(la.get(i), lb.get(i), at + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        // String, Boolean, Integer, Long, BigInteger, Double: the class and equals()
        return a.getClass() == b.getClass() && a.equals(b) ? null
                : at + ": " + describe(a) + " against " + describe(b);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        String s = o instanceof String str ? hex(str.getBytes(UTF_8)) : String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (s.length() > 80 ? s.substring(0, 80) : s);
    }

    private static int depth(Object o) {
        int inner = 0;
        if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                inner = Math.max(inner, depth(v));
            }
            return inner + 1;
        }
        if (o instanceof List<?> l) {
            for (Object v : l) {
                inner = Math.max(inner, depth(v));
            }
            return inner + 1;
        }
        return 0;
    }

    private static int longestKey(Object o) {
        int longest = 0;
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                longest = Math.max(longest, Math.max(((String) e.getKey()).length(),
                        longestKey(e.getValue())));
            }
        } else if (o instanceof List<?> l) {
            for (Object v : l) {
                longest = Math.max(longest, longestKey(v));
            }
        }
        return longest;
    }

    /** The bytes in hex, enough to rerun a case: the emulator's secrets differ per run. */
    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 4096); i++) {
            s.append(String.format("%02x", b[i] & 0xFF));
        }
        return s + (b.length > 4096 ? "... (" + b.length + " bytes)" : "");
    }

    // ---- generated documents: valid JSON, written with every liberty the grammar allows

    private static byte[] generate(Random r) {
        StringBuilder out = new StringBuilder();
        int wrap = r.nextInt(100) == 0 ? 200 + r.nextInt(100) : 0; // sometimes deep
        whitespace(r, out);
        out.append("[".repeat(wrap));
        value(r, out, 0);
        out.append("]".repeat(wrap));
        whitespace(r, out);
        return out.toString().getBytes(UTF_8);
    }

    private static void whitespace(Random r, StringBuilder out) {
        if (r.nextInt(3) == 0) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                out.append(" \t\r\n".charAt(r.nextInt(4)));
            }
        }
    }

    private static void value(Random r, StringBuilder out, int depth) {
        int kind = r.nextInt(depth > 5 ? 6 : 9);
        switch (kind) {
            case 0 -> out.append(r.nextBoolean() ? "true" : "false");
            case 1 -> out.append("null");
            case 2, 3 -> number(r, out);
            case 4, 5 -> string(r, out);
            case 6, 7 -> container(r, out, depth + 1, true);
            default -> container(r, out, depth + 1, false);
        }
    }

    /** An object or an array of up to five members. */
    private static void container(Random r, StringBuilder out, int depth, boolean object) {
        out.append(object ? '{' : '[');
        int n = r.nextInt(6);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            whitespace(r, out);
            if (object) {
                int mark = out.length();
                // now and then a key again, which both must refuse
                if (!keys.isEmpty() && r.nextInt(40) == 0) {
                    out.append('"').append(keys.get(r.nextInt(keys.size()))).append('"');
                } else {
                    string(r, out);
                }
                keys.add(out.substring(mark + 1, out.length() - 1));
                whitespace(r, out);
                out.append(':');
                whitespace(r, out);
            }
            value(r, out, depth);
            whitespace(r, out);
        }
        if (n == 0) {
            whitespace(r, out);
        }
        out.append(object ? '}' : ']');
    }

    private static void number(Random r, StringBuilder out) {
        if (r.nextInt(50) == 0) { // near the digit limit
            int digits = 995 + r.nextInt(10);
            out.append(r.nextBoolean() ? "-" : "").append(1 + r.nextInt(9));
            digits(r, out, digits - 1);
            return;
        }
        if (r.nextBoolean()) {
            out.append('-');
        }
        if (r.nextInt(4) == 0) {
            out.append('0');
        } else {
            out.append(1 + r.nextInt(9));
            digits(r, out, r.nextInt(r.nextInt(4) == 0 ? 25 : 6));
        }
        if (r.nextInt(3) == 0) {
            out.append('.');
            digits(r, out, 1 + r.nextInt(r.nextInt(4) == 0 ? 30 : 4));
        }
        if (r.nextInt(4) == 0) {
            out.append(r.nextBoolean() ? 'e' : 'E');
            int sign = r.nextInt(3);
            out.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            digits(r, out, 1 + r.nextInt(r.nextInt(5) == 0 ? 11 : 3));
        }
    }

    private static void digits(Random r, StringBuilder out, int n) {
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + r.nextInt(10)));
        }
    }

    private static final String PLAIN = "abcXYZ019 _-:/.+=@#~%";
    private static final String WIDE = "\u00e9\u00df\u0100\u07ff\u0800\u20ac\u4e2d\ufeff\uffff";

    /** A string literal: raw characters where allowed, escapes of every form otherwise. */
    private static void string(Random r, StringBuilder out) {
        out.append('"');
        int n = r.nextInt(r.nextInt(10) == 0 ? 60 : 12);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(20);
            if (pick < 10) {
                out.append(PLAIN.charAt(r.nextInt(PLAIN.length())));
            } else if (pick < 13) {
                char c = WIDE.charAt(r.nextInt(WIDE.length()));
                if (r.nextBoolean()) {
                    out.append(c);
                } else {
                    unicodeEscape(r, out, c);
                }
            } else if (pick == 13) { // supplementary: raw, or as an escaped pair
                int cp = 0x10000 + r.nextInt(0x100000);
                if (r.nextBoolean()) {
                    out.appendCodePoint(cp);
                } else {
                    unicodeEscape(r, out, Character.highSurrogate(cp));
                    unicodeEscape(r, out, Character.lowSurrogate(cp));
                }
            } else if (pick == 14) { // a lone surrogate, only as an escape
                unicodeEscape(r, out, (char) (0xD800 + r.nextInt(0x800)));
            } else if (pick == 15) { // a control character, only escaped
                unicodeEscape(r, out, (char) r.nextInt(0x20));
            } else {
                out.append('\\').append("\"\\/bfnrt".charAt(r.nextInt(8)));
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(Random r, StringBuilder out, char c) {
        String hex = String.format("%04x", (int) c);
        out.append("\\u").append(r.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
    }

    // ---- mutations: what a broken server, a proxy or a cut connection does to bytes

    private static final byte[] INTERESTING = {
        '"', '\\', '{', '}', '[', ']', ',', ':', '0', '1', '9', '-', '+', '.', 'e', 'E', 'u',
        'n', 't', 'f', ' ', '\n', '\r', '\t', 0x00, 0x01, 0x0B, 0x0C, 0x1F, 0x7F, (byte) 0x80,
        (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED,
        (byte) 0xEF, (byte) 0xBB, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFE,
        (byte) 0xFF
    };

    static byte[] mutate(Random r, byte[] doc) {
        byte[] b = doc.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> { // flip a bit
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> { // replace a byte
                    if (b.length > 0) {
                        b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> b = insert(b, at,
                        new byte[] {INTERESTING[r.nextInt(INTERESTING.length)]});
                case 3 -> b = remove(b, at, Math.min(b.length - at, 1 + r.nextInt(3)));
                case 4 -> b = Arrays.copyOf(b, at); // cut short
                case 5 -> { // a slice again
                    int len = Math.min(b.length - at, 1 + r.nextInt(8));
                    b = insert(b, r.nextInt(b.length + 1), Arrays.copyOfRange(b, at,
                            at + len));
                }
                default -> { // the UTF-8 byte order mark, or content after the document
                    b = r.nextBoolean() ? insert(b, 0, new byte[] {(byte) 0xEF, (byte) 0xBB,
                        (byte) 0xBF}) : insert(b, b.length, " {}".getBytes(UTF_8));
                }
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    private static byte[] remove(byte[] b, int at, int len) {
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
    }
}
