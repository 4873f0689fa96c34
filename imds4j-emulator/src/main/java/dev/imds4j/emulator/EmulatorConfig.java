/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON configuration file, checked completely when loaded and applied to an emulator at start
 * and again after every reset. Relative times ({@code "noticeAfter": "2m"}) count from the moment
 * it is applied, by the emulator's clock. The format is documented in {@code package-info}.
 */
final class EmulatorConfig {
    private static final Set<String> KEYS = Set.of("httpTokens", "httpEndpoint",
            "instanceMetadataTags", "extendedCredentials", "maxTokenTtlSeconds",
            "throttle", "features", "metadata", "spotInterruption", "rebalanceRecommendation",
            "maintenanceEvents", "targetLifecycleStates", "faults");
    /** The largest file read: 16 MiB, far beyond any configuration (user data is 16 KiB). */
    static final int MAX_FILE_BYTES = 16 << 20;

    /** One change to apply, given the emulator and the instant the config is applied at. */
    private interface Step {
        void apply(ImdsEmulator emulator, Instant now);
    }

    /** A mistake at a key path such as {@code faults[0].status}; the message omits the path. */
    static final class ConfigError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String at;

        ConfigError(String at, String message, Throwable cause) {
            super(at.isEmpty() ? message : at + ": " + message, cause);
            this.at = at;
        }

        ConfigError(String at, String message) {
            this(at, message, null);
        }

        String at() {
            return at;
        }
    }

    private final List<Step> steps;
    /** Where a key path is in the file ({@code FILE:LINE}), for errors met when applied. */
    private final Function<String, String> where;

    private EmulatorConfig(List<Step> steps, Function<String, String> where) {
        this.steps = List.copyOf(steps);
        this.where = where;
    }

    /**
     * Reads and checks a configuration file: UTF-8 (a byte order mark at the start is skipped,
     * as RFC 8259 allows), JSON with comments, of the documented form. Every message names the
     * file, and the line and key where there is one, in words of our own, control characters
     * escaped.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws FileSystemException if it cannot be read, such as {@link
     *     java.nio.file.AccessDeniedException}
     * @throws IOException if reading it fails otherwise; the message names the file
     * @throws IllegalArgumentException if it is a directory or another file that is not a regular
     *     one (a FIFO, a device), larger than {@link #MAX_FILE_BYTES}, not UTF-8, or its content
     *     is wrong
     */
    static EmulatorConfig load(Path file) throws IOException {
        String name = Escapes.line(file.toString());
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(name + ": is a directory, not a configuration "
                    + "file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a FIFO would block the start until a writer came, /dev/zero would never end
            throw new IllegalArgumentException(name + ": is not a regular file (a pipe, device "
                    + "or socket); give a configuration file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(name + ": cannot read it: " + Escapes.line(
                    String.valueOf(e.getMessage())), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(name + ": larger than 16 MiB, the most a "
                    + "configuration file may hold");
        }
        String text = decode(name, bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        ConfigJson json;
        try {
            json = ConfigJson.parse(text);
        } catch (ConfigJson.SyntaxException e) {
            throw new IllegalArgumentException(name + ":" + e.line() + ":" + e.column()
                    + ": " + Escapes.line(e.getMessage()), e);
        }
        if (!(json.root() instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(name + ":1: expected a JSON object ({...})");
        }
        Function<String, String> where = at -> name + ":" + json.lineOf(at);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) json.root();
            return parse(root, where);
        } catch (ConfigError e) {
            throw located(where, e);
        }
    }

    /**
     * Decodes the file as UTF-8, refusing what is not: the message names the line and column
     * of the first byte that is not, and the byte.
     */
    private static String decode(String name, byte[] bytes) {
        CharsetDecoder decoder = UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.position(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            int bad = bytes[in.position()] & 0xff;
            throw new IllegalArgumentException(name + ":" + line + ":" + column + ": not UTF-8 "
                    + "text (byte 0x" + Integer.toHexString(bad) + "); save the file as UTF-8");
        }
        return out.flip().toString();
    }

    /** A mistake at a key path, as a message naming the file, the line and the key. */
    private static IllegalArgumentException located(Function<String, String> where,
            ConfigError e) {
        return new IllegalArgumentException(where.apply(e.at()) + ": "
                + Escapes.line(e.getMessage()), e);
    }

    private static EmulatorConfig parse(Map<String, Object> root,
            Function<String, String> where) {
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            switch (key) {
                case "httpTokens" -> {
                    HttpTokens mode = HttpTokens.valueOf(
                            choice(key, v, "required", "optional").toUpperCase(Locale.ROOT));
                    steps.add((emu, now) -> emu.httpTokens(mode));
                }
                case "httpEndpoint" -> {
                    boolean on = choice(key, v, "enabled", "disabled").equals("enabled");
                    steps.add((emu, now) -> emu.httpEndpoint(on));
                }
                case "instanceMetadataTags" -> {
                    boolean on = choice(key, v, "enabled", "disabled").equals("enabled");
                    steps.add((emu, now) -> emu.instanceMetadataTags(on));
                }
                case "extendedCredentials" -> {
                    boolean on = choice(key, v, "enabled", "disabled").equals("enabled");
                    steps.add((emu, now) -> emu.extendedCredentials(on));
                }
                case "maxTokenTtlSeconds" -> {
                    int seconds = integer(key, v, 1, Service.MAX_TTL_SECONDS);
                    steps.add((emu, now) -> emu.maxTokenTtl(Duration.ofSeconds(seconds)));
                }
                case "throttle" -> {
                    Throttling t = throttling(object(key, v));
                    steps.add((emu, now) -> emu.throttle(t));
                }
                case "features" -> {
                    List<Object> list = list(key, v);
                    for (int i = 0; i < list.size(); i++) {
                        InstanceFeature f = feature(key + "[" + i + "]", list.get(i));
                        steps.add((emu, now) -> emu.feature(f, true));
                    }
                }
                case "metadata" -> metadata(object(key, v), steps);
                case "spotInterruption" -> spot(object(key, v), steps);
                case "rebalanceRecommendation" -> {
                    Map<String, Object> m = object(key, v);
                    only(key, m, Set.of("noticeAfter"));
                    Duration after =
                            duration(key + ".noticeAfter", m.getOrDefault("noticeAfter", "0s"));
                    steps.add((emu, now) -> emu.scheduleRebalanceRecommendation(now.plus(after)));
                }
                case "maintenanceEvents" -> {
                    List<Object> list = list(key, v);
                    for (int i = 0; i < list.size(); i++) {
                        maintenance(key + "[" + i + "]", object(key + "[" + i + "]", list.get(i)),
                                steps);
                    }
                }
                case "targetLifecycleStates" -> {
                    List<Object> list = list(key, v);
                    for (int i = 0; i < list.size(); i++) {
                        String at = key + "[" + i + "]";
                        Map<String, Object> m = object(at, list.get(i));
                        only(at, m, Set.of("state", "after"));
                        String state = string(at + ".state", m.get("state"));
                        Duration after = duration(at + ".after", m.getOrDefault("after", "0s"));
                        steps.add((emu, now) ->
                                emu.scheduleTargetLifecycleState(state, now.plus(after)));
                    }
                }
                case "faults" -> {
                    List<Object> list = list(key, v);
                    for (int i = 0; i < list.size(); i++) {
                        Fault fault = fault(key + "[" + i + "]",
                                object(key + "[" + i + "]", list.get(i)));
                        steps.add((emu, now) -> emu.addFault(fault));
                    }
                }
                default -> throw new ConfigError(key, "unknown key; known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        return new EmulatorConfig(steps, where);
    }

    /**
     * Applies the configuration.
     *
     * @throws IllegalArgumentException naming the file, line and key of a value the instance
     *     cannot take, such as a value where the instance has a folder
     */
    void applyTo(ImdsEmulator emulator) {
        Instant now = emulator.clock().instant();
        try {
            for (Step step : steps) {
                step.apply(emulator, now);
            }
        } catch (ConfigError e) {
            throw located(where, e);
        }
    }

    private static void metadata(Map<String, Object> entries, List<Step> steps) {
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String path = e.getKey();
            String where = "metadata." + path;
            try {
                MetadataTree.checkPath(path);
            } catch (IllegalArgumentException bad) {
                throw new ConfigError(where, bad.getMessage(), bad);
            }
            Object v = e.getValue();
            if (v == null) {
                steps.add((emu, now) -> emu.remove(path));
            } else if (v instanceof String s) {
                byte[] bytes = s.getBytes(UTF_8);
                steps.add(put(where, path, bytes));
            } else if (v instanceof Map<?, ?> m && m.size() == 1
                    && m.get("base64") instanceof String b) {
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(b.replaceAll("\\s", ""));
                } catch (IllegalArgumentException bad) {
                    throw new ConfigError(where + ".base64", "not base64", bad);
                }
                steps.add(put(where, path, bytes));
            } else {
                throw new ConfigError(where,
                        "expected a string, null (to remove it) or {\"base64\": \"...\"}");
            }
        }
    }

    /**
     * Sets a value when applied; what the instance cannot take there (a folder of the default
     * instance, a value's child) is a mistake at the key {@code at}.
     */
    private static Step put(String at, String path, byte[] bytes) {
        return (emu, now) -> {
            try {
                emu.put(path, bytes);
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                if (m.endsWith(" is a folder; remove it first")) {
                    m = "is a folder of the instance (values lie below it), so it cannot be a "
                            + "value; set the values below it instead";
                } else if (m.startsWith("put: ") && m.contains(" is a value")) {
                    String value = m.substring(5, m.indexOf(" is a value"));
                    m = m.substring(5) + "; remove it first: \"" + value + "\": null, before "
                            + "this key";
                }
                throw new ConfigError(at, m, e);
            }
        };
    }

    private static void spot(Map<String, Object> m, List<Step> steps) {
        only("spotInterruption", m, Set.of("action", "noticeAfter", "actionAfter"));
        SpotAction action = SpotAction.valueOf(choice("spotInterruption.action",
                m.getOrDefault("action", "terminate"), "terminate", "stop", "hibernate")
                .toUpperCase(Locale.ROOT));
        Duration notice =
                duration("spotInterruption.noticeAfter", m.getOrDefault("noticeAfter", "0s"));
        Duration act = m.containsKey("actionAfter")
                ? duration("spotInterruption.actionAfter", m.get("actionAfter"))
                : notice.plusMinutes(2);
        if (act.compareTo(notice) < 0) {
            throw new ConfigError("spotInterruption.actionAfter",
                    "must not come before noticeAfter");
        }
        steps.add((emu, now) ->
                emu.scheduleSpotInterruption(action, now.plus(notice), now.plus(act)));
    }

    private static void maintenance(String at, Map<String, Object> m, List<Step> steps) {
        only(at, m, Set.of("code", "description", "eventId", "notBefore", "notAfter", "state",
                "publishAfter"));
        String code = string(at + ".code", m.get("code"));
        String description = m.containsKey("description")
                ? string(at + ".description", m.get("description"))
                : "The instance is scheduled for " + code;
        String eventId = m.containsKey("eventId")
                ? string(at + ".eventId", m.get("eventId"))
                : "instance-event-" + Integer.toHexString(at.hashCode() ^ code.hashCode());
        Instant notBefore = instant(at + ".notBefore", m.get("notBefore"));
        Instant notAfter = instant(at + ".notAfter", m.get("notAfter"));
        String state = m.containsKey("state") ? string(at + ".state", m.get("state")) : "active";
        Duration publish = duration(at + ".publishAfter", m.getOrDefault("publishAfter", "0s"));
        MaintenanceEvent event;
        try {
            event = new MaintenanceEvent(code, description, eventId, notBefore, notAfter, state);
        } catch (IllegalArgumentException bad) {
            throw new ConfigError(at, bad.getMessage(), bad);
        }
        steps.add((emu, now) -> emu.scheduleMaintenanceEvent(event, now.plus(publish)));
    }

    private static Throttling throttling(Map<String, Object> m) {
        only("throttle", m, Set.of("mode", "perSecond", "maxConcurrent"));
        Object name = m.getOrDefault("mode", "stall");
        Throttling.Mode mode = Throttling.Mode.byConfigName(name);
        if (mode == null) {
            throw new ConfigError("throttle.mode", "expected one of stall, drop, 429, not '"
                    + name + "'");
        }
        return Throttling.of(mode,
                integer("throttle.perSecond", m.getOrDefault("perSecond", 0), 0, 1_000_000),
                integer("throttle.maxConcurrent", m.getOrDefault("maxConcurrent", 0), 0, 100_000));
    }

    private static InstanceFeature feature(String at, Object v) {
        InstanceFeature f = InstanceFeature.byConfigName(v);
        if (f == null) {
            throw new ConfigError(at, "expected a feature name, one of "
                    + InstanceFeature.configNames() + (v == null ? "" : ", not '" + v + "'"));
        }
        return f;
    }

    private static Fault fault(String at, Map<String, Object> m) {
        only(at, m, Set.of("type", "status", "millis", "method", "path", "times", "probability"));
        String type = choice(at + ".type", m.getOrDefault("type", m.containsKey("status")
                ? "status" : null), "status", "latency", "closeConnection", "truncateBody",
                "stall", "tokenPutDrop");
        Fault f = switch (type) {
            case "status" -> Fault.status(integer(at + ".status", m.get("status"), 200, 599));
            case "latency" -> Fault.latency(
                    Duration.ofMillis(integer(at + ".millis", m.get("millis"), 0, 600_000)));
            case "closeConnection" -> Fault.closeConnection();
            case "truncateBody" -> Fault.truncateBody();
            case "stall" -> Fault.stall();
            default -> Fault.tokenPutDrop();
        };
        try {
            if (m.containsKey("method")) {
                f = f.onMethod(string(at + ".method", m.get("method")));
            }
            if (m.containsKey("path")) {
                f = f.onPath(string(at + ".path", m.get("path")));
            }
        } catch (IllegalArgumentException bad) {
            throw new ConfigError(at, bad.getMessage(), bad);
        }
        Object p = m.get("probability");
        if (p != null) {
            if (!(p instanceof Number n) || !(n.doubleValue() > 0 && n.doubleValue() <= 1)) {
                throw new ConfigError(at + ".probability",
                        "expected a number above 0 and at most 1" + not(p));
            }
            f = f.probability(((Number) p).doubleValue());
        }
        Object times = m.get("times");
        if ("always".equals(times)) {
            f = f.always();
        } else if (times != null) {
            f = f.times(integer(at + ".times", times, 1, Integer.MAX_VALUE));
        }
        return f;
    }

    // ---- typed access with messages naming the key --------------------------------------------

    private static void only(String at, Map<String, Object> m, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new ConfigError(at + "." + k, "unknown key; known keys: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String string(String at, Object v) {
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new ConfigError(at, "expected a non-empty string");
    }

    private static String choice(String at, Object v, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(String.valueOf(v))) {
                return a;
            }
        }
        throw new ConfigError(at, "expected one of " + String.join(", ", allowed)
                + (v == null ? "" : ", not '" + v + "'"));
    }

    private static int integer(String at, Object v, int min, int max) {
        if (v instanceof Number n && n.doubleValue() == n.longValue()
                && n.longValue() >= min && n.longValue() <= max) {
            return n.intValue();
        }
        throw new ConfigError(at, "expected a whole number from " + min + " to " + max
                + not(v));
    }

    /** What a value was, for a message: a number in quotes is a string, and says so. */
    private static String not(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return ", not the string \"" + s + "\" (numbers go without quotes)";
        }
        return ", not '" + v + "'";
    }

    private static Duration duration(String at, Object v) {
        if (!(v instanceof String s)) {
            throw new ConfigError(at, "expected a duration such as \"2m\"");
        }
        try {
            Duration d = Durations.parse(s);
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (IllegalArgumentException bad) {
            throw new ConfigError(at, bad.getMessage(), bad);
        }
    }

    private static Instant instant(String at, Object v) {
        try {
            return Instant.parse(string(at, v));
        } catch (DateTimeParseException bad) {
            throw new ConfigError(at,
                    "expected an instant such as \"2026-01-21T09:00:00Z\", not '" + v + "'", bad);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String at, Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new ConfigError(at, "expected a JSON object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String at, Object v) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new ConfigError(at, "expected a JSON array");
    }
}
