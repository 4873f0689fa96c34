/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Checks metadata paths and turns them into request targets; checks header values. */
final class Paths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Printable ASCII that RFC 3986 does not allow in a path: sent percent-encoded. */
    private static final String UNSAFE = "\"<>\\^`{|}[]";

    private Paths() {}

    /**
     * Checks {@code path} and returns it as a request target: printable ASCII kept, anything else
     * percent-encoded as UTF-8.
     *
     * @throws IllegalArgumentException naming the path and the problem
     */
    static String target(String path) {
        if (path == null) {
            throw new NullPointerException("path");
        }
        if (!path.startsWith("/")) {
            throw bad(path, "must start with '/'");
        }
        if (path.length() > 2048) {
            throw bad(path.substring(0, 64) + "...", "is longer than 2048 characters");
        }
        boolean ascii = true;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.isSpaceChar(c)) {
                throw bad(path, "must not contain whitespace or control characters");
            }
            if (c == '?' || c == '#') {
                throw bad(path, "must not contain '?' or '#'");
            }
            if (Character.isHighSurrogate(c) && i + 1 < path.length()
                    && Character.isLowSurrogate(path.charAt(i + 1))) {
                i++; // a whole supplementary character, such as an emoji: encoded below
                ascii = false;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw bad(path, "must not contain an unpaired surrogate (not valid UTF-16)");
            }
            ascii &= c < 0x7f && UNSAFE.indexOf(c) < 0;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0
                    || hex(path.charAt(i + 2)) < 0) {
                throw bad(path, "has a '%' that is not a percent-encoded byte (%XX)");
            }
        }
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals("..") || decoded.equals(".")) {
                throw bad(path, "must not contain '.' or '..' segments, encoded or not");
            }
        }
        if (ascii) {
            return path;
        }
        StringBuilder s = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(UTF_8)) {
            if (b >= 0x21 && b < 0x7f && UNSAFE.indexOf(b) < 0) {
                s.append((char) b);
            } else {
                s.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return s.toString();
    }

    private static IllegalArgumentException bad(String path, String problem) {
        return new IllegalArgumentException("path '" + ConfigResolver.printable(path) + "' "
                + problem);
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /**
     * Whether {@code name} can stand as one path segment as it is, such as a role name IMDS
     * listed: not empty, not a dot segment, and no slash, whitespace, control character, '?',
     * '#', '%' or unpaired surrogate.
     */
    static boolean segment(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '%' || Character.isWhitespace(c)
                    || Character.isISOControl(c) || Character.isSpaceChar(c)
                    || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** True when every byte is visible ASCII, so the value can travel in a header as is. */
    static boolean headerSafe(byte[] value) {
        for (byte b : value) {
            if (b < 0x21 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
