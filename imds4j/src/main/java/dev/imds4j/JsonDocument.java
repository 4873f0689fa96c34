/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON document IMDS served, read with {@link JsonReader}. Unknown fields are ignored; a
 * malformed document or a missing or mistyped field fails with an {@link ImdsResponseException}
 * naming the path and the field, or the line, column and reason, never quoting the body.
 */
final class JsonDocument {
    /**
     * The value of a key that a case-insensitive document holds more than once in different
     * cases ({@code Token} and {@code token}): reading it fails, as a duplicate key does.
     */
    private static final Object AMBIGUOUS = new Object();

    private final String path;
    private final URI endpoint;
    private final Map<String, Object> fields;

    private JsonDocument(String path, URI endpoint, Map<String, Object> fields) {
        this.path = path;
        this.endpoint = endpoint;
        this.fields = fields;
    }

    /**
     * Parses an object; keys compare case-insensitively when {@code anyCase}, and then a field
     * spelled twice in different cases fails when read.
     */
    static JsonDocument object(String path, URI endpoint, byte[] body, boolean anyCase)
            throws ImdsResponseException {
        Object parsed = parse(path, endpoint, body);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw problem(path, endpoint, "expected a JSON object");
        }
        return of(path, endpoint, map, anyCase);
    }

    /** Parses an array of objects. */
    static List<JsonDocument> array(String path, URI endpoint, byte[] body)
            throws ImdsResponseException {
        Object parsed = parse(path, endpoint, body);
        if (!(parsed instanceof List<?> list)) {
            throw problem(path, endpoint, "expected a JSON array");
        }
        List<JsonDocument> docs = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> map)) {
                throw problem(path, endpoint, "expected an array of objects");
            }
            docs.add(of(path, endpoint, map, false));
        }
        return docs;
    }

    /** {@code map} is one of {@link JsonReader}'s objects: its keys are strings. */
    @SuppressWarnings("unchecked")
    private static JsonDocument of(String path, URI endpoint, Map<?, ?> map, boolean anyCase) {
        Map<String, Object> read = (Map<String, Object>) map;
        if (!anyCase) {
            return new JsonDocument(path, endpoint, read);
        }
        Map<String, Object> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, Object> e : read.entrySet()) {
            int before = fields.size();
            fields.put(e.getKey(), e.getValue());
            if (fields.size() == before) {
                fields.put(e.getKey(), AMBIGUOUS);
            }
        }
        return new JsonDocument(path, endpoint, fields);
    }

    private static Object parse(String path, URI endpoint, byte[] body)
            throws ImdsResponseException {
        try {
            return JsonReader.read(body);
        } catch (JsonReader.Malformed e) {
            throw problem(path, endpoint, e.getMessage());
        }
    }

    static ImdsResponseException problem(String path, URI endpoint, String detail) {
        return new ImdsResponseException("GET " + path + " at " + endpoint + ": " + detail,
                "GET", path, endpoint, 1, null);
    }

    private ImdsResponseException problem(String detail) {
        return problem(path, endpoint, detail);
    }

    /** The value of {@code key}; null when absent or JSON null. */
    private Object field(String key) throws ImdsResponseException {
        Object v = fields.get(key);
        if (v == AMBIGUOUS) {
            throw problem("field " + key + " appears more than once, in different cases");
        }
        return v;
    }

    /** A string field; null when absent or JSON null, unless required. */
    String string(String key, boolean required) throws ImdsResponseException {
        Object v = field(key);
        if (v == null) {
            if (required) {
                throw problem("field " + key + " is missing");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw problem("field " + key + " is not a string");
        }
        return s;
    }

    /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
    Instant instant(String key, boolean required) throws ImdsResponseException {
        String s = string(key, required);
        if (s == null) {
            return null;
        }
        Instant simple = simpleInstant(s.trim());
        return simple != null ? simple : time(key, s, DateTimeFormatter.ISO_INSTANT);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, the form IMDS writes, read without {@code java.time.format}
     * (whose first use costs a cold JVM ~10 ms); null for anything else, which {@link
     * DateTimeFormatter#ISO_INSTANT} then reads or refuses.
     */
    static Instant simpleInstant(String s) {
        if (s.length() != 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != 'Z') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400L + hour * 3_600L
                + minute * 60L + second);
    }

    /** The ASCII digits from {@code from} to {@code to} as a number; -1 if any is not one. */
    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static int daysIn(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date, years 0 to 9999. */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    /** A date such as {@code 21 Jan 2019 09:00:43 GMT}, as maintenance events carry. */
    Instant gmtDate(String key, boolean required) throws ImdsResponseException {
        String s = string(key, required);
        return s == null ? null : time(key, s, GmtDate.FORMAT);
    }

    /**
     * Built when first used: a pattern formatter loads much of java.time's formatting and the
     * lambda machinery, which a process that reads no maintenance event should not pay for
     * (it was most of a cold first document's cost once the JSON reader was cheap).
     */
    private static final class GmtDate {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss z", Locale.ENGLISH);
    }

    private Instant time(String key, String s, DateTimeFormatter format)
            throws ImdsResponseException {
        try {
            TemporalAccessor t = format.parse(s.trim());
            return Instant.from(t);
        } catch (DateTimeException e) {
            throw problem("field " + key + " is not a valid time");
        }
    }

    /** A list of strings; empty when absent or JSON null. */
    List<String> strings(String key) throws ImdsResponseException {
        Object v = field(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw problem("field " + key + " is not an array");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw problem("field " + key + " holds a non-string");
            }
            out.add(s);
        }
        return out;
    }
}
