/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

/**
 * A request the client sends: the token PUT, or a GET of a checked path.
 *
 * @param method {@code PUT} or {@code GET}
 * @param path the path as the caller gave it, for messages
 * @param target the path as sent: checked, non-ASCII percent-encoded
 */
record Request(String method, String path, String target) {
    static final String TOKEN_PATH = "/latest/api/token";
    static final Request TOKEN = new Request("PUT", TOKEN_PATH, TOKEN_PATH);

    /**
     * A GET of {@code path}.
     *
     * @throws IllegalArgumentException if the path is malformed
     */
    static Request get(String path) {
        return new Request("GET", path, Paths.target(path));
    }

    boolean isToken() {
        return method.equals("PUT");
    }
}
