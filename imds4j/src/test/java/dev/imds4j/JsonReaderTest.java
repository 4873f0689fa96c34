/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonReader} by table: documents it accepts with the value they read as (types
 * included), and documents it refuses with the line, column and reason it names.
 */
final class JsonReaderTest {
    /** UTF-8 bytes of {@code s}. */
    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    /** Raw bytes: each char of {@code s} (U+0000 to U+00FF) is one byte. */
    static byte[] raw(String s) {
        for (char c : s.toCharArray()) {
            if (c > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + (int) c);
            }
        }
        return s.getBytes(ISO_8859_1);
    }

    /** An object, its keys in the order given. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<Object> arr(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static Arguments ok(String json, Object expected) {
        return Arguments.of(json, utf8(json), expected);
    }

    private static Arguments okBytes(String label, byte[] json, Object expected) {
        return Arguments.of(label, json, expected);
    }

    static Stream<Arguments> valid() {
        String digits1000 = "1" + "0".repeat(999);
        return Stream.of(
                ok("{}", obj()),
                ok("[]", arr()),
                ok(" \t\r\n{ \t\r\n} \t\r\n", obj()),
                ok("[ ]", arr()),
                ok("{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
                        obj("a", 1, "b", arr(true, false, null), "c", obj("d", "e"))),
                ok("{\"\":\"\"}", obj("", "")),
                ok("null", null),
                ok("true", true),
                ok("\"text\"", "text"),
                // numbers: the types Jackson jr gave
                ok("0", 0),
                ok("-0", 0),
                ok("7", 7),
                ok("2147483647", Integer.MAX_VALUE),
                ok("-2147483648", Integer.MIN_VALUE),
                ok("2147483648", 2147483648L),
                ok("-2147483649", -2147483649L),
                ok("123456789012345678", 123456789012345678L),
                ok("9223372036854775807", Long.MAX_VALUE),
                ok("-9223372036854775808", Long.MIN_VALUE),
                ok("9223372036854775808", new BigInteger("9223372036854775808")),
                ok("-9223372036854775809", new BigInteger("-9223372036854775809")),
                ok(digits1000, new BigInteger(digits1000)),
                ok("1.5", 1.5d),
                ok("-0.0", -0.0d),
                ok("0.1", 0.1d),
                ok("1e2", 100.0d),
                ok("1E+2", 100.0d),
                ok("1e-2", 0.01d),
                ok("-1.25e-0", -1.25d),
                ok("1e999999999", Double.POSITIVE_INFINITY),
                ok("-1e999999999", Double.NEGATIVE_INFINITY),
                ok("1e-999999999", 0.0d),
                ok("1." + "0".repeat(999), 1.0d),
                ok("[1,-2,3.5]", arr(1, -2, 3.5d)),
                // strings
                ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t"),
                ok("\"\\u0041\\u00e9\\u20AC\"", "A\u00e9\u20ac"),
                ok("\"\\uD83D\\uDE00\"", "\ud83d\ude00"),
                ok("\"\\ud800\"", "\ud800"),
                ok("\"\\udc00x\"", "\udc00x"),
                ok("\"\\ud800\\u0041\"", "\ud800A"),
                ok("\"\\u0000\"", "\0"),
                ok("\"\u00e9\u20ac\ud83d\ude00\"", "\u00e9\u20ac\ud83d\ude00"),
                ok("\"\u00e9\\n\ud83d\ude00\u20ac\"", "\u00e9\n\ud83d\ude00\u20ac"),
                ok("\"a\u007fb\"", "a\u007fb"),
                ok("{\"\u00e9\":\"\\u00e9\"}", obj("\u00e9", "\u00e9")),
                ok("{\"\\ud83d\\ude00\":\"\\ud800\"}", obj("\ud83d\ude00", "\ud800")),
                ok("[\"\\ud800\",{\"\\uDBFF\\uDFFF\":\"\\udfff\\ud800\"}]",
                        arr("\ud800", obj("\udbff\udfff", "\udfff\ud800"))),
                okBytes("BOM then {}", raw("\u00ef\u00bb\u00bf{}"), obj()),
                okBytes("BOM then whitespace", raw("\u00ef\u00bb\u00bf \"x\""), "x"),
                okBytes("4-byte UTF-8", raw("\"\u00f0\u009f\u0098\u0080\""), "\ud83d\ude00"),
                okBytes("U+10FFFF", raw("\"\u00f4\u008f\u00bf\u00bf\""), "\udbff\udfff"),
                okBytes("U+FFFF", raw("\"\u00ef\u00bf\u00bf\""), "\uffff"),
                okBytes("U+0080", raw("\"\u00c2\u0080\""), "\u0080"),
                okBytes("U+D7FF", raw("\"\u00ed\u009f\u00bf\""), "\ud7ff"),
                okBytes("U+E000", raw("\"\u00ee\u0080\u0080\""), "\ue000"),
                okBytes("256 levels", utf8("[".repeat(256) + "]".repeat(256)), nested(256)));
    }

    static Object nested(int depth) {
        List<Object> outer = arr();
        List<Object> l = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = arr();
            l.add(inner);
            l = inner;
        }
        return outer;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void read_valid_givesTheValue(String label, byte[] json, Object expected) throws Exception {
        Object value = JsonReader.read(json);
        assertThat(value).isEqualTo(expected);
        assertThat(value == null ? null : value.getClass())
                .isEqualTo(expected == null ? null : expected.getClass());
    }

    @Test
    void read_object_keepsDocumentOrder_inMutableMapsAndLists() throws Exception {
        Object value = JsonReader.read(utf8("{\"b\":1,\"a\":2,\"c\":[{\"z\":0,\"y\":1}]}"));
        assertThat(value).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a", "c");
        assertThat(map.get("c")).isInstanceOf(ArrayList.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = ((List<Map<String, Object>>) map.get("c")).get(0);
        assertThat(inner.keySet()).containsExactly("z", "y");
    }

    private static Arguments bad(String json, int line, int column, String reason) {
        return Arguments.of(json, utf8(json), line, column, reason);
    }

    private static Arguments badBytes(String label, byte[] json, int line, int column,
            String reason) {
        return Arguments.of(label, json, line, column, reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("", 1, 1, JsonReader.END),
                bad("   ", 1, 4, JsonReader.END),
                bad("{\"instanceId\": secret-looking-garbage}", 1, 16, JsonReader.VALUE),
                bad("[1,]", 1, 4, JsonReader.VALUE),
                bad("[,1]", 1, 2, JsonReader.VALUE),
                bad("[", 1, 2, JsonReader.END),
                bad("[1", 1, 3, JsonReader.END),
                bad("{", 1, 2, JsonReader.END),
                bad("{\"a\"", 1, 5, JsonReader.END),
                bad("{\"a\":", 1, 6, JsonReader.END),
                bad("{\"a\":1", 1, 7, JsonReader.END),
                bad("{\"a\":1,}", 1, 8, JsonReader.KEY),
                bad("{\"a\"}", 1, 5, JsonReader.COLON),
                bad("{\"a\" 1}", 1, 6, JsonReader.COLON),
                bad("{a:1}", 1, 2, JsonReader.KEY),
                bad("{'a':1}", 1, 2, JsonReader.KEY),
                bad("{1:1}", 1, 2, JsonReader.KEY),
                bad("[1 2]", 1, 4, JsonReader.ARRAY_NEXT),
                bad("[1}", 1, 3, JsonReader.ARRAY_NEXT),
                bad("{\"a\":1 \"b\":2}", 1, 8, JsonReader.OBJECT_NEXT),
                bad("{\"a\":1]", 1, 7, JsonReader.OBJECT_NEXT),
                bad("]", 1, 1, JsonReader.VALUE),
                // trailing content
                bad("{} x", 1, 4, JsonReader.TRAILING),
                bad("{}{}", 1, 3, JsonReader.TRAILING),
                bad("[] []", 1, 4, JsonReader.TRAILING),
                bad("1 2", 1, 3, JsonReader.TRAILING),
                bad("\"x\" \"y\"", 1, 5, JsonReader.TRAILING),
                bad("{}\0", 1, 3, JsonReader.TRAILING),
                bad("0x10", 1, 2, JsonReader.TRAILING),
                bad("123abc", 1, 4, JsonReader.TRAILING),
                bad("truex", 1, 5, JsonReader.TRAILING),
                bad("{}\u00a0", 1, 3, JsonReader.TRAILING),
                // whitespace: only the four
                bad("\f{}", 1, 1, JsonReader.VALUE),
                bad("\u000b{}", 1, 1, JsonReader.VALUE),
                bad("\u00a0{}", 1, 1, JsonReader.VALUE),
                bad("[1,\u2028 2]", 1, 4, JsonReader.VALUE),
                // numbers
                bad("01", 1, 2, JsonReader.NUMBER),
                bad("-01", 1, 3, JsonReader.NUMBER),
                bad("[00]", 1, 3, JsonReader.NUMBER),
                bad("+1", 1, 1, JsonReader.VALUE),
                bad(".5", 1, 1, JsonReader.VALUE),
                bad("1.", 1, 3, JsonReader.END),
                bad("1.e2", 1, 3, JsonReader.NUMBER),
                bad("[1.]", 1, 4, JsonReader.NUMBER),
                bad("1e", 1, 3, JsonReader.END),
                bad("1e+", 1, 4, JsonReader.END),
                bad("1ex", 1, 3, JsonReader.NUMBER),
                bad("1e+-1", 1, 4, JsonReader.NUMBER),
                bad("-", 1, 2, JsonReader.END),
                bad("-a", 1, 2, JsonReader.NUMBER),
                bad("- 1", 1, 2, JsonReader.NUMBER),
                bad("NaN", 1, 1, JsonReader.VALUE),
                bad("Infinity", 1, 1, JsonReader.VALUE),
                bad("-Infinity", 1, 2, JsonReader.NUMBER),
                bad("1".repeat(1001), 1, 1001, JsonReader.DIGITS),
                bad("-" + "1".repeat(1001), 1, 1002, JsonReader.DIGITS),
                bad("1." + "0".repeat(1000), 1, 1002, JsonReader.DIGITS),
                bad("1.5e" + "1".repeat(999), 1, 1003, JsonReader.DIGITS),
                // literals
                bad("tru", 1, 4, JsonReader.END),
                bad("trux", 1, 4, JsonReader.LITERAL),
                bad("nul", 1, 4, JsonReader.END),
                bad("nulL", 1, 4, JsonReader.LITERAL),
                bad("fals", 1, 5, JsonReader.END),
                bad("True", 1, 1, JsonReader.VALUE),
                bad("undefined", 1, 1, JsonReader.VALUE),
                // strings
                bad("\"abc", 1, 5, JsonReader.END),
                bad("\"\\", 1, 3, JsonReader.END),
                bad("\"a\\n", 1, 5, JsonReader.END),
                bad("\"\\a\"", 1, 3, JsonReader.ESCAPE),
                bad("\"\\U0041\"", 1, 3, JsonReader.ESCAPE),
                bad("\"\\x41\"", 1, 3, JsonReader.ESCAPE),
                bad("\"\\'\"", 1, 3, JsonReader.ESCAPE),
                bad("\"\\u12\"", 1, 6, JsonReader.ESCAPE),
                bad("\"\\u12g4\"", 1, 6, JsonReader.ESCAPE),
                bad("\"\\u00", 1, 6, JsonReader.END),
                bad("\"\\n\\u00\u00e94\"", 1, 8, JsonReader.ESCAPE),
                bad("\"a\tb\"", 1, 3, JsonReader.CONTROL),
                bad("\"a\nb\"", 1, 3, JsonReader.CONTROL),
                bad("\"a\rb\"", 1, 3, JsonReader.CONTROL),
                bad("\"\0\"", 1, 2, JsonReader.CONTROL),
                bad("\"\u001f\"", 1, 2, JsonReader.CONTROL),
                bad("\"\\n\u0001\"", 1, 4, JsonReader.CONTROL),
                bad("'a'", 1, 1, JsonReader.VALUE),
                // lines and columns
                bad("[1\n,\n2\n,x]", 4, 2, JsonReader.VALUE),
                bad("{\"a\":\r\n\r\n  x}", 3, 3, JsonReader.VALUE),
                bad("\r\r[x]", 3, 2, JsonReader.VALUE),
                bad("\n\n\n   @", 4, 4, JsonReader.VALUE),
                bad("[\"\u00e9\u20ac\ud83d\ude00\", x]", 1, 9, JsonReader.VALUE),
                badBytes("BOM not counted", raw("\u00ef\u00bb\u00bf x"), 1, 2,
                        JsonReader.VALUE),
                badBytes("a second BOM", raw("\u00ef\u00bb\u00bf\u00ef\u00bb\u00bf{}"), 1, 1,
                        JsonReader.VALUE),
                badBytes("half a BOM", raw("\u00ef\u00bb{}"), 1, 1, JsonReader.VALUE),
                // duplicate keys, at the second key's opening quote
                bad("{\"a\":1,\"a\":2}", 1, 8, JsonReader.DUPLICATE),
                bad("{\"a\":null,\"a\":null}", 1, 11, JsonReader.DUPLICATE),
                bad("{\"x\":{\"b\":1,\"b\":2}}", 1, 13, JsonReader.DUPLICATE),
                bad("{\"a\":1,\"\\u0061\":2}", 1, 8, JsonReader.DUPLICATE),
                bad("[{\"a\":1},{\"a\":1,\"b\":{},\"a\":[1,]}]", 1, 24, JsonReader.DUPLICATE),
                // unpaired surrogate escapes in keys (values keep them), at the escape
                bad("{\"a\\ud800\":1}", 1, 4, JsonReader.SURROGATE),
                bad("{\"a\\ud800b\":1}", 1, 4, JsonReader.SURROGATE),
                bad("{\"\\ud800\\n\":1}", 1, 3, JsonReader.SURROGATE),
                bad("{\"\\udc00\":1}", 1, 3, JsonReader.SURROGATE),
                bad("{\"\\ud83d\\ude00\\ude00\":1}", 1, 15, JsonReader.SURROGATE),
                bad("{\"\\ud800\\ud800\\udc00\":1}", 1, 3, JsonReader.SURROGATE),
                bad("{\"\\ud800\\u0041\":1}", 1, 3, JsonReader.SURROGATE),
                bad("{\"\\ud800\u00e9\":1}", 1, 3, JsonReader.SURROGATE),
                bad("{\"\\ud800", 1, 9, JsonReader.END),
                // depth: the opening bracket past the limit
                bad("[".repeat(257) + "]".repeat(257), 1, 257, JsonReader.DEPTH),
                bad("{\"a\":".repeat(257) + "1" + "}".repeat(257), 1, 5 * 256 + 1,
                        JsonReader.DEPTH),
                bad("[".repeat(100_000), 1, 257, JsonReader.DEPTH),
                // invalid UTF-8: at the first byte that cannot continue a character
                badBytes("overlong C0 80", raw("\"\u00c0\u0080\""), 1, 2, JsonReader.UTF8),
                badBytes("overlong C1 BF", raw("\"\u00c1\u00bf\""), 1, 2, JsonReader.UTF8),
                badBytes("overlong E0 80 80", raw("\"\u00e0\u0080\u0080\""), 1, 3,
                        JsonReader.UTF8),
                badBytes("overlong E0 9F BF", raw("\"\u00e0\u009f\u00bf\""), 1, 3,
                        JsonReader.UTF8),
                badBytes("overlong F0 8F BF BF", raw("\"\u00f0\u008f\u00bf\u00bf\""), 1, 3,
                        JsonReader.UTF8),
                badBytes("surrogate ED A0 80", raw("\"\u00ed\u00a0\u0080\""), 1, 3,
                        JsonReader.UTF8),
                badBytes("surrogate ED BF BF", raw("\"\u00ed\u00bf\u00bf\""), 1, 3,
                        JsonReader.UTF8),
                badBytes("above U+10FFFF", raw("\"\u00f4\u0090\u0080\u0080\""), 1, 3,
                        JsonReader.UTF8),
                badBytes("F5", raw("\"\u00f5\u0080\u0080\u0080\""), 1, 2, JsonReader.UTF8),
                badBytes("F8", raw("\"\u00f8\u0080\u0080\u0080\u0080\""), 1, 2,
                        JsonReader.UTF8),
                badBytes("FF", raw("\"\u00ff\""), 1, 2, JsonReader.UTF8),
                badBytes("FE", raw("\"\u00fe\""), 1, 2, JsonReader.UTF8),
                badBytes("lone continuation", raw("\"a\u0080\""), 1, 3, JsonReader.UTF8),
                badBytes("cut by a quote", raw("\"\u00e2\u0082\""), 1, 3, JsonReader.UTF8),
                badBytes("cut by ASCII", raw("\"\u00c3A\""), 1, 3, JsonReader.UTF8),
                badBytes("cut by the end", raw("\"\u00e2\u0082"), 1, 3, JsonReader.END),
                badBytes("4-byte cut", raw("\"\u00f0\u009f\u0098\""), 1, 3, JsonReader.UTF8),
                badBytes("invalid after an escape", raw("\"\\n\u00c0\u0080\""), 1, 4,
                        JsonReader.UTF8),
                badBytes("in a key", raw("{\"\u00ed\u00a0\u0080\":1}"), 1, 4,
                        JsonReader.UTF8),
                badBytes("UTF-8 outside a string", raw("[\u00c3\u00a9]"), 1, 2,
                        JsonReader.VALUE),
                // other encodings
                badBytes("UTF-16BE", "{\"a\":\"b\"}".getBytes(UTF_16BE), 1, 1,
                        JsonReader.VALUE),
                badBytes("UTF-16LE", "{\"a\":\"b\"}".getBytes(UTF_16LE), 1, 2, JsonReader.KEY),
                badBytes("UTF-16 with BOM", "{}".getBytes(UTF_16), 1, 1, JsonReader.VALUE),
                badBytes("UTF-16LE scalar", "7".getBytes(UTF_16LE), 1, 2,
                        JsonReader.TRAILING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void read_invalid_namesLineColumnAndReason(String label, byte[] json, int line, int column,
            String reason) {
        assertThatThrownBy(() -> JsonReader.read(json))
                .isInstanceOfSatisfying(JsonReader.Malformed.class, e -> {
                    assertThat(e.line()).as("line").isEqualTo(line);
                    assertThat(e.column()).as("column").isEqualTo(column);
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e).hasMessage("malformed JSON at line " + line + ", column "
                            + column + ": " + reason).hasNoCause();
                    assertThat(e.getStackTrace()).isEmpty();
                });
    }
}
