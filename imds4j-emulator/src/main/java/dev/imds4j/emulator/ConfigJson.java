/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration file into maps, lists, strings, numbers, booleans and nulls, noting
 * the line of every value by its key path ({@code faults[0].status}), so that errors can name
 * the line. Accepts {@code //} and {@code /* *}{@code /} comments; rejects duplicate keys and
 * nesting deeper than {@link #MAX_DEPTH} (the format needs four levels). Syntax errors are
 * described in its own words, with their line and column, never with the parser's internals.
 */
final class ConfigJson {
    /** A syntax error at a line and column. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        SyntaxException(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    /** Objects and arrays inside one another at most. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    private final Map<String, Integer> lines = new HashMap<>();
    private final String text;
    private Object root;

    private ConfigJson(String text) {
        this.text = text;
    }

    /** Parses {@code text}, a JSON document with comments. */
    static ConfigJson parse(String text) throws SyntaxException {
        ConfigJson json = new ConfigJson(text);
        JsonParser p = null;
        try {
            p = FACTORY.createParser(text);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SyntaxException(1, 1, "the file is empty; expected a JSON object");
            }
            json.root = json.value(p, "", 0);
            if (p.nextToken() != null) {
                throw json.syntax(p.currentTokenLocation(),
                        "more content after the end of the JSON object");
            }
        } catch (JsonProcessingException e) {
            // some failures (the parser's own limits) carry no location: the parser has it
            JsonLocation at = e.getLocation() != null || p == null ? e.getLocation()
                    : p.currentLocation();
            throw json.syntax(at, describe(e));
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    // a string parser holds nothing to release
                }
            }
        }
        return json;
    }

    Object root() {
        return root;
    }

    /**
     * Returns the line of the value at {@code path}, or of its nearest enclosing value that has
     * one; 0 when unknown.
     */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return lines.getOrDefault("", 0);
    }

    private Object value(JsonParser p, String path, int depth)
            throws IOException, SyntaxException {
        lines.put(path, p.currentTokenLocation().getLineNr());
        JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
            throw syntax(p.currentTokenLocation(), "nested too deeply: more than " + MAX_DEPTH
                    + " objects and arrays inside one another");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    if (map.containsKey(name)) {
                        throw syntax(p.currentTokenLocation(),
                                "key '" + name + "' appears twice" + where(path));
                    }
                    p.nextToken();
                    map.put(name, value(p, child, depth + 1));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    list.add(value(p, path + "[" + list.size() + "]", depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return checkSurrogates(p, p.getText(), path);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw syntax(p.currentTokenLocation(), "unexpected " + t);
        }
    }

    /**
     * Refuses a string value with an unpaired surrogate ({@code "\}{@code ud800"}): JSON lets
     * the escape through (Jackson refuses it in keys itself), but no UTF-8, and so no IMDS
     * response, can carry it: encoding it would silently serve {@code ?} instead.
     */
    private String checkSurrogates(JsonParser p, String s, String path)
            throws SyntaxException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw syntax(p.currentTokenLocation(), String.format("a string%s holds an "
                        + "unpaired surrogate \\u%04x, which no UTF-8 can carry; write the "
                        + "character itself, or both halves of its pair", where(path), (int) c));
            }
        }
        return s;
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : " in " + path;
    }

    private SyntaxException syntax(JsonLocation at, String message) {
        int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
        int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
        return new SyntaxException(line, column, message);
    }

    /** A short description of what the parser tripped on, in words of our own. */
    private static String describe(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.contains("end-of-input") || original.contains("EOF")) {
            return "the file ends before the JSON is complete (a missing '}', ']' or '\"'?)";
        }
        int quote = original.indexOf("character ('");
        String found = quote < 0 ? "" : original.substring(quote + 12,
                Math.max(quote + 12, original.indexOf("'", quote + 12)));
        if (original.contains("was expecting double-quote to start field name")) {
            return "expected a key in double quotes" + (found.isEmpty() ? "" : ", not '" + found
                    + "'") + " (no trailing commas or unquoted keys)";
        }
        if (original.contains("was expecting comma")) {
            return "expected ',' between entries" + (found.isEmpty() ? "" : ", not '" + found
                    + "'");
        }
        if (original.contains("was expecting a colon")) {
            return "expected ':' after the key";
        }
        if (original.contains("Unrecognized token")) {
            return "not a JSON value (strings need double quotes; literals are true, false, null)";
        }
        if (original.contains("Illegal unquoted character")) {
            int code = original.indexOf("code ");
            int end = code < 0 ? -1 : original.indexOf(')', code);
            String hex = "";
            if (end > code + 5) {
                try {
                    hex = String.format("%04x", Integer.parseInt(original.substring(code + 5,
                            end)));
                } catch (NumberFormatException notANumber) {
                    hex = "";
                }
            }
            return "a control character inside a string; JSON needs it escaped"
                    + (hex.isEmpty() ? "" : ", as \\u" + hex);
        }
        if (original.contains("surrogate")) {
            return "a key holds an unpaired surrogate escape, which no UTF-8 can carry; write "
                    + "the character itself, or both halves of its pair";
        }
        if (original.contains("exceeds the maximum")) {
            return "a number, string or nesting beyond what a configuration needs";
        }
        return found.isEmpty() ? "not valid JSON" : "unexpected '" + found + "'";
    }
}
