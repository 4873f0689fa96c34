/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

/**
 * A PATH argument ({@code get}, {@code ls}, {@code tree}) in its one canonical form, on which
 * every path rule (what is a credentials path, what is a value) is decided. IMDS's paths are
 * plain names between single slashes; a server (the emulator, and many HTTP servers) may also
 * decode {@code %XX}, collapse {@code //} or resolve {@code .}, so that {@code iam//x} or
 * {@code iam%2Fx} reaches the same value as {@code iam/x} under another spelling. Rather than
 * guess each server's decoding, the CLI refuses the spellings that have another canonical form:
 * an empty segment ({@code //}), a {@code .} or {@code ..} segment, {@code %}, {@code ;} and
 * {@code \}. IMDS lists no name holding any of them.
 */
final class MetadataPath {
    private MetadataPath() {}

    /**
     * The argument as an absolute path: {@code ami-id} means {@code /latest/meta-data/ami-id}.
     *
     * @throws UsageException if it is empty or not in canonical form
     */
    static String of(String typed, String command) {
        if (typed.isEmpty()) {
            throw new UsageException(command + ": PATH must not be empty");
        }
        String path = typed.startsWith("/") ? typed : "/latest/meta-data/" + typed;
        String problem = problem(path);
        if (problem != null) {
            throw new UsageException(command + ": PATH " + Text.quote(typed) + " " + problem
                    + "; IMDS paths are names between single slashes, typed as listed");
        }
        return path;
    }

    /** What keeps an absolute path from being canonical, or null when it is. */
    static String problem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                return "holds a percent-escape (%)";
            }
            if (c == ';' || c == '\\') {
                return "holds '" + c + "'";
            }
        }
        // the last segment of a folder path is the empty one after its trailing slash
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() && !(i == segments.length - 1 && (i > 0 || path.equals("/")))) {
                return "holds an empty segment (//)";
            }
            if (s.equals(".") || s.equals("..")) {
                return "holds a '" + s + "' segment";
            }
        }
        return null;
    }
}
