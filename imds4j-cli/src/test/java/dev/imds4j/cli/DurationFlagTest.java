/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Duration flags are parsed by hand (BigDecimal's initialiser costs a cold JVM milliseconds) and
 * give exactly what the decimal arithmetic gives: the same values, rounded down to the
 * millisecond, and the same refusals.
 */
final class DurationFlagTest {
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @Test
    void parseDuration_agreesWithDecimalArithmetic() {
        List<String> units = List.of("", "ms", "s", "m", "h", "x", "S", " s");
        for (String s : List.of("1", "0", "2.5", "500ms", "0.0001s", "1.9999ms", ".5", "5.",
                ".", "..", "1.2.3", "2562047788015h", "2562047788016h", "153722867280912m",
                "999999999999999", "9999999999999999", "0.00000000000001h", "1e3", "-1", "+1",
                "\u0663s", "", " 2s ", "1 s")) {
            check(s);
        }
        String alphabet = "0123456789.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(17);
            for (int c = 0; c < length; c++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            check(b + units.get(random.nextInt(units.size())));
        }
    }

    /** What parseDuration did with BigDecimal. */
    private static Duration reference(String text) {
        // exactly as given: digits, optionally '.' and digits, then the unit
        if (!text.matches("[0-9]+(\\.[0-9]+)?[a-zA-Z ]*")) {
            throw new NumberFormatException();
        }
        String t = text;
        int unit = 0;
        while (unit < t.length() && ((t.charAt(unit) >= '0' && t.charAt(unit) <= '9')
                || t.charAt(unit) == '.')) {
            unit++;
        }
        if (unit == 0 || unit > 15) {
            throw new NumberFormatException();
        }
        BigDecimal amount = new BigDecimal(t.substring(0, unit));
        BigDecimal millis = switch (t.substring(unit)) {
            case "ms" -> amount;
            case "", "s" -> amount.movePointRight(3);
            case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
            case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000));
            default -> throw new NumberFormatException();
        };
        return Duration.ofMillis(millis.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    private void check(String text) {
        Duration expected;
        try {
            expected = reference(text);
        } catch (NumberFormatException | ArithmeticException e) {
            assertThatThrownBy(() -> Flags.parseDuration("--timeout", text))
                    .as("'%s' (seed %d)", text, seed).isInstanceOf(UsageException.class);
            return;
        }
        assertThat(Flags.parseDuration("--timeout", text)).as("'%s' (seed %d)", text, seed)
                .isEqualTo(expected);
    }
}
