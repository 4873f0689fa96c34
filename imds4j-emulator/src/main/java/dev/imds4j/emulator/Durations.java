/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Parses durations written as ISO-8601 ({@code PT2M}) or briefly ({@code 500ms 30s 2m 1h}), in
 * ASCII digits; spaces around are allowed, control characters anywhere are not.
 */
final class Durations {
    private Durations() {}

    static Duration parse(String text) {
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(badDuration(text));
        }
        String t = text.strip();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            int unitAt = 0;
            while (unitAt < t.length() && t.charAt(unitAt) >= '0'
                    && t.charAt(unitAt) <= '9') {
                unitAt++;
            }
            if (unitAt == 0 || unitAt > 9) {
                throw new IllegalArgumentException(badDuration(text));
            }
            long amount = Long.parseLong(t.substring(0, unitAt));
            return switch (t.substring(unitAt)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException(badDuration(text));
            };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(badDuration(text), e);
        }
    }

    private static String badDuration(String text) {
        return "not a duration: '" + Escapes.line(text) + "' (examples: 500ms, 30s, 2m, 1h, PT2M)";
    }
}
