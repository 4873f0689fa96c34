/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request the emulator received, as the journal keeps it.
 *
 * <p>{@link #toString()} never shows the session token; {@link #header(String)} does, for tests
 * that compare tokens.
 *
 * @param sequence the request's position in arrival order, from 0
 * @param receivedAt when it arrived, by the emulator's clock
 * @param method the HTTP method, such as {@code GET}
 * @param path the request target as sent: raw path and any query
 * @param headers the request headers; names compare case-insensitively; unmodifiable
 * @param status the status sent, or 0 when no status line was sent (closed or stalled)
 * @param fault the fault applied to the request, or {@code null} when none was
 */
public record RecordedRequest(
        long sequence,
        Instant receivedAt,
        String method,
        String path,
        Map<String, List<String>> headers,
        int status,
        Fault fault) {

    /** The header that carries the session token on metadata requests. */
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

    /**
     * Copies {@code headers} into an unmodifiable, case-insensitive map.
     *
     * @param sequence the value for the {@code sequence} record component
     * @param receivedAt the value for the {@code receivedAt} record component
     * @param method the value for the {@code method} record component
     * @param path the value for the {@code path} record component
     * @param headers the value for the {@code headers} record component
     * @param status the value for the {@code status} record component
     * @param fault the value for the {@code fault} record component
     */
    public RecordedRequest {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the header name, any case
     * @return its first value, or empty when the request did not carry it
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Describes the request on one line with the session token redacted, and every control
     * character the request carried (in a header value, say) written {@code \xHH}, so that a
     * log of it colours or clears no terminal.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append('#').append(sequence).append(' ').append(method).append(' ').append(path);
        s.append(" -> ").append(status == 0 ? "no answer" : Integer.toString(status));
        if (fault != null) {
            s.append(" (").append(fault).append(')');
        }
        s.append(" {");
        String sep = "";
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            s.append(sep).append(e.getKey()).append('=');
            s.append(TOKEN_HEADER.equalsIgnoreCase(e.getKey()) ? "<redacted>" : e.getValue());
            sep = ", ";
        }
        return Escapes.line(s.append('}').toString());
    }
}
