package dev.imds4j.cli;

/**
 * One escaping rule for the line formats ({@code tree}'s {@code PATH = VALUE}, {@code tags}'
 * {@code KEY=VALUE}): each value stays on one line, and no served byte reaches the terminal as a
 * control character. {@code \} becomes {@code \\}, line feed {@code \n}, carriage return {@code
 * \r}, tab {@code \t}, and any other control character (C0, DEL, C1) {@code \xHH}; in a tag
 * key, {@code =} becomes {@code \x3d}. {@code --json} gives the exact text instead.
 *
 * <p>Messages quote what a user typed with {@link #quote}, the same rule in single quotes, and
 * pass through {@link #controls} before they reach stderr, so that no raw control character
 * does, whoever wrote the message.
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

    /**
     * A value escaped for {@code tree}'s {@code PATH = VALUE}: as {@link #escape}, and a leading
     * {@code <} as {@code \x3c}, so that {@code <...>} always marks what {@code tree} put there
     * ({@code <redacted>}, {@code <N bytes, not UTF-8 text: ...>}), never a served value.
     */
    static String escapeValue(String value) {
        String escaped = escape(value, false);
        return escaped.startsWith("<") ? "\\x3c" + escaped.substring(1) : escaped;
    }

    /** What the user typed, escaped and in single quotes, for a message. */
    static String quote(String typed) {
        return "'" + escape(typed, false) + "'";
    }

    /**
     * The text with every control character (C0 but line feed and tab, DEL, C1) as {@code \xHH}
     * and nothing else changed: the last guard on a message or stack trace before stderr, which
     * may hold text the command did not write (a Java exception's, a server's).
     */
    static String controls(String text) {
        int i = 0;
        while (i < text.length() && !control(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (control(c)) {
                hex(b, c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean control(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
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
                hex(b, c);
            }
        }
        return b.toString();
    }

    private static void hex(StringBuilder b, char c) {
        b.append("\\x").append(Character.forDigit(c >> 4 & 0xf, 16))
                .append(Character.forDigit(c & 0xf, 16));
    }

    private static boolean special(char c, boolean equalsSign) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || (equalsSign && c == '=');
    }
}
