/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

/**
 * Makes text safe for one line of a terminal or log: what a request or a configuration file
 * carried (a header value with ESC, a key with a line feed) reaches neither as a control
 * character. The emulator's own, since it never depends on the client or the command.
 */
final class Escapes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Escapes() {}

    /**
     * The text with every control character (C0, DEL, C1) written {@code \xHH}, and Unicode
     * format and separator characters (bidirectional overrides, U+2028) and unpaired surrogates
     * {@code \}{@code uHHHH}; anything else is kept.
     */
    static String line(String text) {
        int i = 0;
        while (i < text.length() && !special(text, i)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!special(text, i)) {
                b.append(c);
            } else if (c < 0x100) {
                b.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else {
                b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    private static boolean special(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c < 0x100) {
            return false;
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c)
                && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
