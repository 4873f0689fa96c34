/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static dev.imds4j.JsonReaderTest.raw;
import static dev.imds4j.JsonReaderTest.utf8;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a broken or hostile server can send the JSON reader: nesting without end, megabyte
 * strings and numbers, invalid UTF-8, and secrets in bodies that fail, which no message or
 * {@code toString()} may repeat. Each test is bounded in time: none may hang or exhaust memory.
 */
@Timeout(30)
final class JsonHostileInputTest {
    private static final int MIB = 1 << 20;
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:1338");
    private static final String PATH = "/latest/meta-data/iam/security-credentials/role";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKENxyzzy";

    private static JsonReader.Malformed malformed(byte[] json) {
        try {
            Object value = JsonReader.read(json);
            throw new AssertionError("accepted, as " + (value == null ? null : value.getClass()));
        } catch (JsonReader.Malformed e) {
            return e;
        }
    }

    @Test
    void deepNesting_refusedAtTheLimit_withoutStackOverflow() {
        for (String open : List.of("[", "{\"a\":", "[{\"a\":")) {
            byte[] json = utf8(open.repeat(MIB / open.length()));
            JsonReader.Malformed e = malformed(json);
            assertThat(e.reason()).isEqualTo(JsonReader.DEPTH);
            assertThat(e.offset()).isLessThan(6 * (JsonReader.MAX_DEPTH + 1));
        }
    }

    @Test
    void nestingAtTheLimit_readsOnASmallStack() throws Exception {
        // 256 levels fit a 256 KiB thread stack (the JVM's default is 1 MiB or more)
        String ok = "[{\"a\":".repeat(JsonReader.MAX_DEPTH / 2) + "1"
                + "}]".repeat(JsonReader.MAX_DEPTH / 2);
        CompletableFuture<Object> read = new CompletableFuture<>();
        Thread t = new Thread(null, () -> {
            try {
                read.complete(JsonReader.read(utf8(ok)));
            } catch (Throwable e) {
                read.completeExceptionally(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        assertThat(read.get(20, TimeUnit.SECONDS)).as("the read on a 256 KiB stack")
                .isInstanceOf(List.class);
    }

    @Test
    void megabyteStrings_readWhole() throws Exception {
        String ascii = "a".repeat(MIB);
        assertThat(JsonReader.read(utf8("\"" + ascii + "\""))).isEqualTo(ascii);

        String wide = "\u00e9\u20ac\ud83d\ude00".repeat(MIB / 9);
        assertThat(JsonReader.read(utf8("[\"" + wide + "\"]"))).isEqualTo(List.of(wide));

        String escapes = "\\u00e9\\n".repeat(MIB / 8);
        assertThat(JsonReader.read(utf8("{\"k\":\"" + escapes + "\"}")))
                .isEqualTo(Map.of("k", "\u00e9\n".repeat(MIB / 8)));

        String key = "k".repeat(MIB);
        assertThat(JsonReader.read(utf8("{\"" + key + "\":null}")))
                .isEqualTo(Collections.singletonMap(key, null));
    }

    @Test
    void megabyteString_cutShort_orBrokenAtTheEnd_refusedAtTheEnd() {
        byte[] cut = utf8("\"" + "a".repeat(MIB));
        assertThat(malformed(cut).offset()).isEqualTo(cut.length);
        assertThat(malformed(cut).reason()).isEqualTo(JsonReader.END);

        byte[] broken = raw("\"" + "a".repeat(MIB) + "\u00c0\u0080\"");
        assertThat(malformed(broken).offset()).isEqualTo(MIB + 1);
        assertThat(malformed(broken).column()).isEqualTo(MIB + 2);
        assertThat(malformed(broken).reason()).isEqualTo(JsonReader.UTF8);
    }

    @Test
    void hugeNumbers_boundedInTimeAndMemory() throws Exception {
        assertThat(JsonReader.read(utf8("1e999999999"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsonReader.read(utf8("-1E+99999999999999999999")))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(JsonReader.read(utf8("1e-99999999999999999999"))).isEqualTo(0.0d);
        assertThat(JsonReader.read(utf8("0.000001e" + "9".repeat(990))))
                .isEqualTo(Double.POSITIVE_INFINITY);
        String big = "9".repeat(JsonReader.MAX_DIGITS);
        assertThat(JsonReader.read(utf8(big))).isEqualTo(new BigInteger(big));

        // a megabyte of digits stops at the 1001st
        for (String number : List.of("1".repeat(MIB), "-" + "1".repeat(MIB),
                "1." + "0".repeat(MIB), "1e" + "9".repeat(MIB))) {
            JsonReader.Malformed e = malformed(utf8(number));
            assertThat(e.reason()).isEqualTo(JsonReader.DIGITS);
            assertThat(e.offset()).isLessThan(JsonReader.MAX_DIGITS + 3);
        }

        // many numbers: each is small, so no limit applies
        String many = "[" + "1234567890123456789012345.5e-7,".repeat(MIB / 32) + "0]";
        assertThat((List<?>) JsonReader.read(utf8(many))).hasSize(MIB / 32 + 1);
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("overlong NUL", "\u00c0\u0080"),
                Arguments.of("overlong slash", "\u00e0\u0080\u00af"),
                Arguments.of("overlong 4-byte", "\u00f0\u0080\u0080\u00af"),
                Arguments.of("encoded high surrogate", "\u00ed\u00a0\u0080"),
                Arguments.of("encoded low surrogate", "\u00ed\u00b0\u0080"),
                Arguments.of("encoded surrogate pair", "\u00ed\u00a0\u00bd\u00ed\u00b8\u0080"),
                Arguments.of("above U+10FFFF", "\u00f4\u0090\u0080\u0080"),
                Arguments.of("5-byte form", "\u00f8\u0088\u0080\u0080\u0080"),
                Arguments.of("lone continuation", "\u0080"),
                Arguments.of("truncated 2-byte", "\u00c3"),
                Arguments.of("truncated 3-byte", "\u00e2\u0082"),
                Arguments.of("truncated 4-byte", "\u00f0\u009f\u0098"),
                Arguments.of("Latin-1 text", "caf\u00e9"),
                Arguments.of("FF", "\u00ff"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8_inASecret_refusedWithoutQuotingIt(String label, String bytes)
            throws Exception {
        byte[] body = raw("{\"Code\":\"Success\",\"SecretAccessKey\":\"" + SECRET + bytes
                + SECRET + "\",\"Token\":\"" + TOKEN + "\"}");
        JsonReader.Malformed e = malformed(body);
        assertThat(e.reason()).isEqualTo(JsonReader.UTF8);
        assertThat(e.offset()).isBetween(37 + SECRET.length(), 37 + SECRET.length() + 4);
        assertQuotesNothing(e, body);
        ImdsResponseException wrapped = documentFailure(body);
        assertThat(wrapped).hasMessage("GET " + PATH + " at " + ENDPOINT + ": " + e.getMessage());
        assertQuotesNothing(wrapped, body);
    }

    static Stream<Arguments> brokenCredentials() {
        String head = "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAEXAMPLE\","
                + "\"SecretAccessKey\":\"";
        String whole = head + SECRET + "\",\"Token\":\"" + TOKEN + "\"}";
        return Stream.of(
                Arguments.of("cut in the secret", utf8(head + SECRET.substring(0, 20))),
                Arguments.of("cut after the secret", utf8(head + SECRET + "\",")),
                Arguments.of("unquoted secret", utf8(head.substring(0, head.length() - 1)
                        + SECRET + "}")),
                Arguments.of("bad escape in the secret", utf8(head + SECRET + "\\q" + SECRET
                        + "\"}")),
                Arguments.of("bad \\u in the secret", utf8(head + SECRET + "\\u12" + SECRET
                        + "\"}")),
                Arguments.of("raw tab in the secret", utf8(head + SECRET + "\t" + SECRET
                        + "\"}")),
                Arguments.of("raw line feed in the token", utf8(whole.replace(TOKEN, TOKEN
                        + "\n" + TOKEN))),
                Arguments.of("secret twice", utf8(whole.replace("}", ",\"SecretAccessKey\":\""
                        + TOKEN + "\"}"))),
                Arguments.of("content after the document", utf8(whole + " " + SECRET)),
                Arguments.of("two documents", utf8(whole + whole)),
                Arguments.of("the secret as a key", utf8("{\"" + SECRET + "\":1 \"" + TOKEN
                        + "\"}")),
                Arguments.of("the secret as a bare word", utf8("[" + SECRET + "]")),
                Arguments.of("the token as a number", utf8("{\"Token\":-" + TOKEN + "}")),
                Arguments.of("a lone surrogate in a key", utf8("{\"" + SECRET
                        + "\\ud800\":1}")),
                Arguments.of("deep after the secret", utf8(head + SECRET + "\",\"x\":"
                        + "[".repeat(300))),
                Arguments.of("UTF-16", whole.getBytes(UTF_16LE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCredentials")
    void brokenCredentials_messageQuotesNothingOfTheBody(String label, byte[] body) {
        JsonReader.Malformed e = malformed(body);
        assertQuotesNothing(e, body);
        ImdsResponseException wrapped = documentFailure(body);
        assertQuotesNothing(wrapped, body);
    }

    @Test
    void sameKeyInDifferentCases_readingIt_failsQuotingNeither() throws Exception {
        byte[] body = utf8("{\"Code\":\"Success\",\"SecretAccessKey\":\"" + SECRET
                + "\",\"secretaccesskey\":\"" + TOKEN + "\",\"SECRETACCESSKEY\":\"" + SECRET
                + "\",\"Extra\":1,\"EXTRA\":2}");
        JsonDocument d = JsonDocument.object(PATH, ENDPOINT, body, true);
        assertThatThrownBy(() -> d.string("SecretAccessKey", true))
                .isInstanceOf(ImdsResponseException.class)
                .hasMessage("GET " + PATH + " at " + ENDPOINT + ": field SecretAccessKey "
                        + "appears more than once, in different cases");
        assertThatThrownBy(() -> d.strings("secretAccessKey"))
                .hasMessageEndingWith(": field secretAccessKey appears more than once, in "
                        + "different cases");
        // other fields read; the ambiguous ones fail only when read
        assertThat(d.string("code", true)).isEqualTo("Success");
        assertThat(d.string("Token", false)).isNull();
        // one spelling is no problem, and a case-sensitive document has distinct fields
        assertThat(JsonDocument.object(PATH, ENDPOINT, utf8("{\"secretaccesskey\":\"x\"}"), true)
                .string("SecretAccessKey", true)).isEqualTo("x");
        JsonDocument exact = JsonDocument.object(PATH, ENDPOINT, body, false);
        assertThat(exact.string("SecretAccessKey", true)).isEqualTo(SECRET);
        assertThat(exact.string("secretaccesskey", true)).isEqualTo(TOKEN);
    }

    private static ImdsResponseException documentFailure(byte[] body) {
        try {
            JsonDocument.object(PATH, ENDPOINT, body, true);
            throw new AssertionError("the document was accepted");
        } catch (ImdsResponseException e) {
            return e;
        }
    }

    /**
     * The message is exactly the reader's shape (line, column, a reason of its vocabulary),
     * behind the request for a wrapped one; no run of 4 characters of the body's strings shows.
     */
    private static void assertQuotesNothing(Exception e, byte[] body) {
        String message = e.getMessage();
        String reasons = Stream.of(JsonReader.END, JsonReader.VALUE, JsonReader.LITERAL,
                JsonReader.KEY, JsonReader.COLON, JsonReader.ARRAY_NEXT, JsonReader.OBJECT_NEXT,
                JsonReader.TRAILING, JsonReader.UTF8, JsonReader.CONTROL, JsonReader.ESCAPE,
                JsonReader.SURROGATE, JsonReader.NUMBER, JsonReader.DIGITS, JsonReader.DEPTH,
                JsonReader.DUPLICATE).map(Pattern::quote).collect(Collectors.joining("|"));
        assertThat(message).matches("(GET \\Q" + PATH + "\\E at \\Q" + ENDPOINT + "\\E: )?"
                + "malformed JSON at line \\d+, column \\d+: (" + reasons + ")");
        String text = new String(body, UTF_8) + new String(body, ISO_8859_1)
                + new String(body, UTF_16LE);
        for (String secret : List.of(SECRET, TOKEN)) {
            for (int i = 0; i + 4 <= secret.length(); i++) {
                String piece = secret.substring(i, i + 4);
                if (text.contains(piece)) {
                    assertThat(message).doesNotContain(piece);
                    assertThat(e.toString()).doesNotContain(piece);
                }
            }
        }
        assertThat(e.getCause()).isNull();
    }
}
