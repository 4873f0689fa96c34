/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redaction rule on documents written to slip secrets past it. */
final class SecretsTest {
    @Test
    void imdsDocument_secretsRedacted_layoutKept() {
        String doc = "{\n  \"Code\" : \"Success\",\n  \"AccessKeyId\" : \"ASIA1\",\n"
                + "  \"SecretAccessKey\" : \"abc/def+ghi\",\n  \"Token\" : \"IQo\\\"Jb\\\\3\",\n"
                + "  \"Expiration\" : \"2026-01-01T00:00:00Z\"\n}";
        assertThat(Secrets.redact(doc)).isEqualTo("{\n  \"Code\" : \"Success\",\n"
                + "  \"AccessKeyId\" : \"ASIA1\",\n  \"SecretAccessKey\" : \"<redacted>\",\n"
                + "  \"Token\" : \"<redacted>\",\n  \"Expiration\" : \"2026-01-01T00:00:00Z\"\n}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // escaped key names, other cases, SessionToken
        "{\"T\\u006fken\":\"s1\"}                | {\"T\\u006fken\":\"<redacted>\"}",
        "{\"secretaccesskey\":\"s1\"}            | {\"secretaccesskey\":\"<redacted>\"}",
        "{\"SessionToken\" :\t\"s1\"}            | {\"SessionToken\" :\t\"<redacted>\"}",
        // values that are not strings, nested, or in arrays
        "{\"Token\":{\"a\":[\"s1\",{\"b\":\"}\"}]},\"x\":1} | {\"Token\":\"<redacted>\",\"x\":1}",
        "{\"Token\":12345,\"x\":1}              | {\"Token\":\"<redacted>\",\"x\":1}",
        "[{\"Token\":\"s1\"},{\"Token\":\"s2\"}] | [{\"Token\":\"<redacted>\"},"
                + "{\"Token\":\"<redacted>\"}]",
        // twice the same key; a key that only looks like one inside a value
        "{\"Token\":\"s1\",\"Token\":\"s2\"}     | {\"Token\":\"<redacted>\","
                + "\"Token\":\"<redacted>\"}",
        "{\"Note\":\"\\\"Token\\\": kept\"}      | {\"Note\":\"\\\"Token\\\": kept\"}",
        // broken documents: redacted to the end rather than shown
        "{\"Token\":\"s1                          | {\"Token\":\"<redacted>\"",
        "{\"Token\":[\"s1\"                       | {\"Token\":\"<redacted>\"",
        "{\"Token\":                             | {\"Token\":\"<redacted>\"",
        // no secret: untouched
        "{\"TokenTtl\":\"21600\"}                | {\"TokenTtl\":\"21600\"}",
        "plain text: Token s1                  | plain text: Token s1"})
    void hostileDocuments(String in, String out) {
        assertThat(Secrets.redact(in)).isEqualTo(out);
        assertThat(Secrets.redact(in.getBytes(UTF_8))).isEqualTo(out.getBytes(UTF_8));
    }

    @Test
    void notUtf8_redactedAtTheByteLevel() {
        byte[] doc = "{\"x\":\"\u00ff\u00fe\",\"Token\":\"s\u00e91\"}".getBytes(ISO_8859_1);
        assertThat(new String(Secrets.redact(doc), ISO_8859_1))
                .isEqualTo("{\"x\":\"\u00ff\u00fe\",\"Token\":\"<redacted>\"}");
    }

    @Test
    void nothingToRedact_sameInstance() {
        String text = "{\"Code\":\"Success\"}";
        byte[] bytes = text.getBytes(UTF_8);
        assertThat(Secrets.redact(text)).isSameAs(text);
        assertThat(Secrets.redact(bytes)).isSameAs(bytes);
    }
}
