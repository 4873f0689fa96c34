/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) for the few documents IMDS serves, from the response's bytes.
 *
 * <p>Values: an object is a {@link LinkedHashMap} of {@code String} keys in document order, an
 * array an {@link ArrayList}, a string a {@code String}, {@code true} and {@code false}
 * {@link Boolean}s, {@code null} {@code null}. A number without fraction or exponent is an
 * {@link Integer} when it fits, else a {@link Long} when it fits, else a {@link BigInteger}; any
 * other number is the {@link Double} nearest to it ({@code 1e999999999} is infinity). These are
 * the types Jackson jr gave, which this reader replaced.
 *
 * <p>What is accepted, decided as a careful client should:
 * <ul>
 *   <li>UTF-8 only, validated as the Unicode standard defines it (overlong forms, encoded
 *       surrogates, code points above U+10FFFF, stray continuation bytes and truncated
 *       sequences are malformed). One leading UTF-8 byte order mark is skipped, as Jackson did;
 *       UTF-16 and UTF-32, which Jackson guessed from zero bytes, are malformed.
 *   <li>Every escape of RFC 8259; <code>&#92;uXXXX</code> escapes are UTF-16 code units, so
 *       a pair makes one supplementary character. An unpaired surrogate escape is kept in a
 *       value as a lone {@code char} (callers that print values decide what to do with it) and
 *       refused in a key: both as Jackson did.
 *   <li>Control characters (U+0000 to U+001F) inside strings, anything but the four JSON
 *       whitespace characters between tokens, and anything after the value are malformed.
 *   <li>At most {@value #MAX_DEPTH} nested arrays and objects (no recursion without bound); a
 *       number of at most {@value #MAX_DIGITS} digits (Jackson's limit: parsing a longer one as
 *       a {@code BigInteger} costs time quadratic in its length).
 *   <li>A key that appears twice in one object is malformed: which one wins differs between
 *       parsers, and a credentials document with two secrets is ambiguous. Jackson jr refused
 *       them too.
 * </ul>
 *
 * <p>Errors are {@link Malformed} exceptions naming the line and column (from 1; columns count
 * characters, the byte order mark excluded) of the first byte at which the input stops being
 * the beginning of some valid document (the end of the input when it was cut short), or of the
 * key's opening quote for a duplicate key, or of the escape for an unpaired surrogate in a key;
 * and a reason from a fixed vocabulary. They never quote the input, which may hold secrets.
 * Not thread-safe; one instance reads one document.
 */
final class JsonReader {
    /** The deepest nesting of arrays and objects accepted. */
    static final int MAX_DEPTH = 256;
    /** The most digits a number may have (integer, fraction and exponent together). */
    static final int MAX_DIGITS = 1000;

    static final String END = "unexpected end of input";
    static final String VALUE = "expected a value";
    static final String LITERAL = "invalid literal";
    static final String KEY = "expected a key in double quotes";
    static final String COLON = "expected ':' after a key";
    static final String ARRAY_NEXT = "expected ',' or ']'";
    static final String OBJECT_NEXT = "expected ',' or '}'";
    static final String TRAILING = "unexpected content after the value";
    static final String UTF8 = "invalid UTF-8";
    static final String CONTROL = "unescaped control character in a string";
    static final String ESCAPE = "invalid escape in a string";
    static final String SURROGATE = "unpaired surrogate escape in a key";
    static final String NUMBER = "invalid number";
    static final String DIGITS = "number longer than " + MAX_DIGITS + " digits";
    static final String DEPTH = "nested deeper than " + MAX_DEPTH + " levels";
    static final String DUPLICATE = "duplicate key";

    private final byte[] in;
    private final int begin;
    private int pos;
    /** The code point {@link #utf8} decoded last. */
    private int codePoint;

    private JsonReader(byte[] in) {
        this.in = in;
        this.begin = in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB
                && in[2] == (byte) 0xBF ? 3 : 0;
        this.pos = begin;
    }

    /** Reads the one JSON value {@code body} holds. */
    static Object read(byte[] body) throws Malformed {
        JsonReader r = new JsonReader(body);
        Object value = r.value(0);
        r.whitespace();
        if (r.pos < body.length) {
            throw r.fail(r.pos, TRAILING);
        }
        return value;
    }

    private void whitespace() {
        byte[] b = in;
        int i = pos;
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        pos = i;
    }

    /** A value after optional whitespace, inside {@code depth} arrays and objects. */
    private Object value(int depth) throws Malformed {
        whitespace();
        if (pos >= in.length) {
            throw fail(pos, END);
        }
        switch (in[pos]) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string(false);
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (in[pos] == '-' || digit(in[pos])) {
                    return number();
                }
                throw fail(pos, VALUE);
        }
    }

    private Map<String, Object> object(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw fail(pos, DEPTH);
        }
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        whitespace();
        if (pos < in.length && in[pos] == '}') {
            pos++;
            return map;
        }
        while (true) {
            whitespace();
            if (pos >= in.length) {
                throw fail(pos, END);
            }
            if (in[pos] != '"') {
                throw fail(pos, KEY);
            }
            int keyAt = pos;
            String key = string(true);
            if (map.containsKey(key)) {
                throw fail(keyAt, DUPLICATE);
            }
            whitespace();
            if (pos >= in.length) {
                throw fail(pos, END);
            }
            if (in[pos] != ':') {
                throw fail(pos, COLON);
            }
            pos++;
            map.put(key, value(depth));
            if (next('}', OBJECT_NEXT)) {
                return map;
            }
        }
    }

    private List<Object> array(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw fail(pos, DEPTH);
        }
        pos++;
        List<Object> list = new ArrayList<>();
        whitespace();
        if (pos < in.length && in[pos] == ']') {
            pos++;
            return list;
        }
        do {
            list.add(value(depth));
        } while (!next(']', ARRAY_NEXT));
        return list;
    }

    /** After a member: true at {@code close}, false at a comma; anything else is malformed. */
    private boolean next(char close, String reason) throws Malformed {
        whitespace();
        if (pos >= in.length) {
            throw fail(pos, END);
        }
        byte c = in[pos];
        if (c != ',' && c != close) {
            throw fail(pos, reason);
        }
        pos++;
        return c == close;
    }

    private void literal(String word) throws Malformed {
        for (int k = 0; k < word.length(); k++) {
            int at = pos + k;
            if (at >= in.length) {
                throw fail(at, END);
            }
            if (in[at] != word.charAt(k)) {
                throw fail(at, LITERAL);
            }
        }
        pos += word.length();
    }

    /**
     * A string at its opening quote; without escapes, one copy of the bytes. A {@code key} may
     * not hold an unpaired surrogate escape.
     */
    private String string(boolean key) throws Malformed {
        byte[] b = in;
        int start = pos + 1;
        int i = start;
        boolean ascii = true;
        while (true) {
            if (i >= b.length) {
                throw fail(i, END);
            }
            int c = b[i];
            if (c == '"') {
                pos = i + 1;
                return new String(b, start, i - start, ascii ? ISO_8859_1 : UTF_8);
            } else if (c == '\\') {
                return escaped(start, i, key);
            } else if (c >= 0x20) {
                i++;
            } else if (c >= 0) {
                throw fail(i, CONTROL);
            } else {
                i = utf8(i);
                ascii = false;
            }
        }
    }

    /**
     * The rest of a string from its first escape at {@code i}; {@code start..i} is valid. In a
     * {@code key}, each high surrogate escape must be followed at once by a low one, and a low
     * one must follow a high one (Jackson refused other keys; values keep lone surrogates).
     */
    private String escaped(int start, int i, boolean key) throws Malformed {
        byte[] b = in;
        StringBuilder s = new StringBuilder(i - start + 16);
        s.append(new String(b, start, i - start, UTF_8));
        int high = -1; // in a key: where the escape of a high surrogate awaiting its low began
        while (true) {
            if (i >= b.length) {
                throw fail(i, END);
            }
            int c = b[i];
            if (high >= 0 && (c != '\\' || i + 1 >= b.length || b[i + 1] != 'u')) {
                throw fail(high, SURROGATE);
            }
            if (c == '"') {
                pos = i + 1;
                return s.toString();
            } else if (c == '\\') {
                int at = i;
                i = escape(s, i);
                if (key && b[at + 1] == 'u') {
                    char unit = s.charAt(s.length() - 1);
                    if (high >= 0 != Character.isLowSurrogate(unit)) {
                        throw fail(high >= 0 ? high : at, SURROGATE);
                    }
                    high = Character.isHighSurrogate(unit) ? at : -1;
                }
            } else if (c >= 0x20) {
                s.append((char) c);
                i++;
            } else if (c >= 0) {
                throw fail(i, CONTROL);
            } else {
                i = utf8(i);
                s.appendCodePoint(codePoint);
            }
        }
    }

    /** Appends the escape at {@code i} (its backslash); returns the index after it. */
    private int escape(StringBuilder s, int i) throws Malformed {
        if (i + 1 >= in.length) {
            throw fail(i + 1, END);
        }
        switch (in[i + 1]) {
            case '"':
                s.append('"');
                break;
            case '\\':
                s.append('\\');
                break;
            case '/':
                s.append('/');
                break;
            case 'b':
                s.append('\b');
                break;
            case 'f':
                s.append('\f');
                break;
            case 'n':
                s.append('\n');
                break;
            case 'r':
                s.append('\r');
                break;
            case 't':
                s.append('\t');
                break;
            case 'u':
                int unit = 0;
                for (int at = i + 2; at < i + 6; at++) {
                    if (at >= in.length) {
                        throw fail(at, END);
                    }
                    int d = hex(in[at]);
                    if (d < 0) {
                        throw fail(at, ESCAPE);
                    }
                    unit = unit << 4 | d;
                }
                s.append((char) unit);
                return i + 6;
            default:
                throw fail(i + 1, ESCAPE);
        }
        return i + 2;
    }

    /**
     * Validates the multi-byte UTF-8 sequence at {@code i} (Unicode's table of well-formed byte
     * sequences), leaves its code point in {@link #codePoint}, and returns the index after it.
     */
    private int utf8(int i) throws Malformed {
        int lead = in[i] & 0xFF;
        int more;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            more = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            more = 2;
            low = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
            high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            more = 3;
            low = lead == 0xF0 ? 0x90 : 0x80; // no overlong forms
            high = lead == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        } else {
            throw fail(i, UTF8);
        }
        int cp = lead & (0x3F >> more);
        for (int k = 1; k <= more; k++) {
            int at = i + k;
            if (at >= in.length) {
                throw fail(at, END);
            }
            int c = in[at] & 0xFF;
            if (c < low || c > high) {
                throw fail(at, UTF8);
            }
            low = 0x80;
            high = 0xBF;
            cp = cp << 6 | (c & 0x3F);
        }
        codePoint = cp;
        return i + more + 1;
    }

    private Object number() throws Malformed {
        byte[] b = in;
        int start = pos;
        int i = start;
        if (b[i] == '-') {
            i++;
        }
        int digits = 0;
        if (i < b.length && b[i] == '0') {
            i++;
            digits++;
            if (i < b.length && digit(b[i])) {
                throw fail(i, NUMBER); // no leading zeros
            }
        } else {
            i = digits(i, 0);
            digits = i - start - (b[start] == '-' ? 1 : 0);
        }
        boolean integral = true;
        if (i < b.length && b[i] == '.') {
            integral = false;
            int from = i + 1;
            i = digits(from, digits);
            digits += i - from;
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            integral = false;
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            i = digits(from, digits);
            digits += i - from;
        }
        pos = i;
        if (!integral) {
            return Double.valueOf(Double.parseDouble(new String(b, start, i - start, ISO_8859_1)));
        }
        boolean negative = b[start] == '-';
        if (digits <= 18) {
            long v = 0;
            for (int k = negative ? start + 1 : start; k < i; k++) {
                v = v * 10 + (b[k] - '0');
            }
            v = negative ? -v : v;
            if (v == (int) v) {
                return Integer.valueOf((int) v);
            }
            return Long.valueOf(v);
        }
        BigInteger big = new BigInteger(new String(b, start, i - start, ISO_8859_1));
        if (big.bitLength() < 64) {
            return Long.valueOf(big.longValue());
        }
        return big;
    }

    /**
     * One or more digits from {@code i}, the number having {@code before} digits already;
     * returns the index after them.
     */
    private int digits(int i, int before) throws Malformed {
        if (i >= in.length) {
            throw fail(i, END);
        }
        if (!digit(in[i])) {
            throw fail(i, NUMBER);
        }
        int count = before;
        while (i < in.length && digit(in[i])) {
            if (++count > MAX_DIGITS) {
                throw fail(i, DIGITS);
            }
            i++;
        }
        return i;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The error at byte {@code at}, its line and column counted only now. */
    private Malformed fail(int at, String reason) {
        int line = 1;
        int column = 1;
        for (int i = begin; i < at; i++) {
            byte c = in[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= in.length || in[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if ((c & 0xC0) != 0x80) { // not a UTF-8 continuation byte
                column++;
            }
        }
        return new Malformed(at, line, column, reason);
    }

    /**
     * A document that is not JSON as this reader accepts it; the message names the line, column
     * and reason, never the input.
     */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;
        private final int line;
        private final int column;
        private final String reason;

        Malformed(int offset, int line, int column, String reason) {
            super("malformed JSON at line " + line + ", column " + column + ": " + reason, null,
                    false, false);
            this.offset = offset;
            this.line = line;
            this.column = column;
            this.reason = reason;
        }

        /** The index of the byte named, the input's length when it ended too early. */
        int offset() {
            return offset;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }

        String reason() {
            return reason;
        }
    }
}
