/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
    /** What {@link #escape(String, int)} escapes: a value, a tag key, control characters only. */
    private static final int VALUE = 0;
    private static final int KEY = 1;
    private static final int CONTROLS = 2;

    private Text() {}

    /** The text escaped for one line. */
    static String escape(String text) {
        return escape(text, VALUE);
    }

    /** A tag key escaped for a {@code KEY=VALUE} line: as {@link #escape}, and {@code =} too. */
    static String escapeKey(String key) {
        return escape(key, KEY);
    }

    /**
     * A value escaped for {@code tree}'s {@code PATH = VALUE}: as {@link #escape}, and a leading
     * {@code <} as {@code \x3c}, so that {@code <...>} always marks what {@code tree} put there
     * ({@code <redacted>}, {@code <N bytes, not UTF-8 text: ...>}), never a served value.
     */
    static String escapeValue(String value) {
        String escaped = escape(value, VALUE);
        return escaped.startsWith("<") ? "\\x3c" + escaped.substring(1) : escaped;
    }

    /** What the user typed, escaped and in single quotes, for a message. */
    static String quote(String typed) {
        return "'" + escape(typed, VALUE) + "'";
    }

    /**
     * The text with every control character but line feed and tab escaped as {@link #escape}
     * escapes it ({@code \r}, {@code \xHH}), and nothing else changed: the last guard on a
     * message or stack trace before stderr, which may hold text the command did not write (a Java
     * exception's, a server's).
     */
    static String controls(String text) {
        return escape(text, CONTROLS);
    }

    private static String escape(String text, int mode) {
        int i = 0;
        while (i < text.length() && !special(text.charAt(i), mode)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!special(c, mode)) {
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

    private static boolean special(char c, int mode) {
        if (mode == CONTROLS) {
            return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
        }
        return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || (mode == KEY && c == '=');
    }
}
