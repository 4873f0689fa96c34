package dev.imds4j.cli;

/**
 * One escaping rule for the line formats ({@code tree}'s {@code PATH = VALUE}, {@code tags}'
 * {@code KEY=VALUE}): each value stays on one line, and no served byte reaches the terminal as a
 * control character. {@code \} becomes {@code \\}, line feed {@code \n}, carriage return {@code
 * \r}, tab {@code \t}, and any other control character (C0, DEL, C1) {@code \xHH}; in a tag
 * key, {@code =} becomes {@code \x3d}. {@code --json} gives the exact text instead.
 */
final class Text {
    private Text() {}

    /** The text escaped for one line. */
    static String escape(String text) {
        return escape(text, false);
    }

    /** A tag key escaped for a {@code KEY=VALUE} line: as {@link #escape}, and {@code =} too. */
    static String escapeKey(String key) {
        return escape(key, true);
    }

    private static String escape(String text, boolean equalsSign) {
        int i = 0;
        while (i < text.length() && !special(text.charAt(i), equalsSign)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!special(c, equalsSign)) {
                b.append(c);
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append("\\x").append(Character.forDigit(c >> 4 & 0xf, 16))
                        .append(Character.forDigit(c & 0xf, 16));
            }
        }
        return b.toString();
    }

    private static boolean special(char c, boolean equalsSign) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || (equalsSign && c == '=');
    }
}
