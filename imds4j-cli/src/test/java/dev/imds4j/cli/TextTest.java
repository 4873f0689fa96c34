/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one escaping rule of the line formats. */
final class TextTest {
    @Test
    void escape_keepsEachValueOnOneLine_noControlCharacterThrough() {
        assertThat(Text.escape("plain = text é ✓")).isEqualTo("plain = text é ✓");
        assertThat(Text.escape("a\nb\r\tc\\n")).isEqualTo("a\\nb\\r\\tc\\\\n");
        assertThat(Text.escape("\u001b[31mred\u0007\u0000\u007f\u009b"))
                .isEqualTo("\\x1b[31mred\\x07\\x00\\x7f\\x9b");
    }

    @Test
    void escapeKey_alsoEscapesTheEqualsSign() {
        assertThat(Text.escapeKey("a=b\n")).isEqualTo("a\\x3db\\n");
        assertThat(Text.escape("a=b")).isEqualTo("a=b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "\\n", "\n", "\\\n", "a\\x0ab", "\\x1b\u001b",
        "\r\n\t\\\\", "\u0000\u007f\u0080\u009f\u00a0", "tab\tend\\", "é ✓ 🚀 = \\="})
    void escape_isReversible(String text) {
        String line = Text.escape(text);
        assertThat(line).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
        assertThat(unescape(line)).isEqualTo(text);
        assertThat(unescape(Text.escapeKey(text))).isEqualTo(text);
    }

    /** The inverse of the rule, as a reader of the line formats would write it. */
    private static String unescape(String line) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char next = line.charAt(++i);
            switch (next) {
                case '\\' -> b.append('\\');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'x' -> {
                    b.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new AssertionError("unknown escape \\" + next + " in " + line);
            }
        }
        return b.toString();
    }
}
