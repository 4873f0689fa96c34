/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a cold client does by hand instead of with {@code java.math}, {@code java.time.format}
 * or a regular expression (whose first use costs a cold JVM milliseconds) gives what those
 * give.
 */
final class ColdPathArithmeticTest {
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @Test
    void half_isDurationDividedByTwo() {
        List<Duration> edges = List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1),
                Duration.ofSeconds(1), Duration.ofSeconds(21_600), Duration.ofSeconds(3, 1),
                Duration.ofSeconds(-3, 1), Duration.ofSeconds(-1, 999_999_999),
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                Duration.ofSeconds(Long.MIN_VALUE + 1, 0));
        for (Duration d : edges) {
            assertThat(Refresh.half(d)).as("half of %s", d).isEqualTo(d.dividedBy(2));
        }
        for (int i = 0; i < 10_000; i++) {
            Duration d = Duration.ofSeconds(random.nextLong() >> random.nextInt(64),
                    random.nextInt(1_000_000_000));
            assertThat(Refresh.half(d)).as("half of %s (seed %d)", d, seed)
                    .isEqualTo(d.dividedBy(2));
        }
    }

    @Test
    void parseSeconds_agreesWithTheDecimalReference() {
        String alphabet = "0123456789..  -+e\u0663\u00a0x";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(22);
            for (int c = 0; c < length; c++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            check(b.toString());
            check(digits(1 + random.nextInt(10)) + (random.nextBoolean() ? ""
                    : "." + digits(random.nextInt(11))));
        }
        for (String s : List.of("1", "0.001", "3600", "3600.000000001", "0.0009", " 2.5 ",
                "999999999.999999999", "1.", ".5", "1e3", "+1", "-1", "\u0663", "")) {
            check(s);
        }
    }

    @Test
    void simpleInstant_agreesWithIsoInstant() {
        for (String s : List.of("2026-11-30T05:00:00Z", "1970-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z",
                "2023-02-29T12:00:00Z", "2100-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
                "1969-12-31T23:59:59Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-06-30T23:59:60Z",
                "2026-01-01t00:00:00z", "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00+01:00",
                "2026-1-01T00:00:00Z", "+2026-01-01T00:00:0Z", "2026-01-01T00:00:0\u0663Z")) {
            checkInstant(s);
        }
        for (int i = 0; i < 20_000; i++) {
            // every field in and just beyond its range, and sometimes a stray character
            char[] c = String.format("%04d-%02d-%02dT%02d:%02d:%02dZ", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(25),
                    random.nextInt(61), random.nextInt(61)).toCharArray();
            if (random.nextInt(10) == 0) {
                c[random.nextInt(c.length)] = "0-T:Zx9 ".charAt(random.nextInt(8));
            }
            checkInstant(new String(c));
        }
    }

    private void checkInstant(String s) {
        Instant simple = JsonDocument.simpleInstant(s);
        Instant iso;
        try {
            iso = Instant.from(DateTimeFormatter.ISO_INSTANT.parse(s));
        } catch (DateTimeException e) {
            assertThat(simple).as("'%s' (seed %d): ISO_INSTANT refuses it", s, seed).isNull();
            return;
        }
        if (simple != null) {
            assertThat(simple).as("'%s' (seed %d)", s, seed).isEqualTo(iso);
        } else {
            // left to ISO_INSTANT: only what is not the plain form IMDS writes
            assertThat(s.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")
                    && !s.contains("T24:") && !s.endsWith(":60Z"))
                    .as("'%s' (seed %d) is left to ISO_INSTANT", s, seed).isFalse();
        }
    }

    @Test
    void profileLines_areTheUniversalNewlineSplit() {
        String alphabet = "ab\r\n \t=[";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(16);
            for (int c = 0; c < length; c++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = b.toString();
            assertThat(ProfileFile.lines(text)).as("%s (seed %d)",
                    text.replace("\r", "\\r").replace("\n", "\\n"), seed)
                    .containsExactly(text.split("\r\n|\r|\n", -1));
        }
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    /** What parseSeconds did with a regular expression and BigDecimal. */
    private static Duration reference(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("not a plain decimal number");
        }
        return ConfigResolver.checkTimeout("timeout",
                Duration.ofNanos(new BigDecimal(t).movePointRight(9).longValueExact()));
    }

    private void check(String text) {
        Duration expected;
        try {
            expected = reference(text);
        } catch (IllegalArgumentException e) {
            assertThatThrownBy(() -> ConfigResolver.parseSeconds(text))
                    .as("'%s' (seed %d)", text, seed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(e.getMessage());
            return;
        }
        assertThat(ConfigResolver.parseSeconds(text)).as("'%s' (seed %d)", text, seed)
                .isEqualTo(expected);
    }
}
