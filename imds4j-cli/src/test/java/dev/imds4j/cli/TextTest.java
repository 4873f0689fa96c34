package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

    @Test
    void escape_isReversible() {
        // \\ is escaped first-class, so "\n" typed as two characters and a line feed differ
        assertThat(Text.escape("\\n")).isNotEqualTo(Text.escape("\n"));
    }
}
