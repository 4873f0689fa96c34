/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;

/** What one attempt came to: an answer or a transport failure, the token it used, its number. */
final class Outcome {
    final HttpTransport.Response response;
    final TransportException failure;
    final Token token;
    final int attempt;
    final long nanos;
    /** When the answer arrived, by the client's clock; null for a failure. */
    final Instant arrived;

    Outcome(HttpTransport.Response response, TransportException failure, Token token,
            int attempt, long nanos, Instant arrived) {
        this.response = response;
        this.failure = failure;
        this.token = token;
        this.attempt = attempt;
        this.nanos = nanos;
        this.arrived = arrived;
    }

    boolean ok() {
        return response != null && response.status == 200;
    }

    /** The HTTP status, or 0 when no answer came. */
    int status() {
        return response == null ? 0 : response.status;
    }

    /** For the trace: the status, or what went wrong instead. */
    String summary() {
        return response != null ? Integer.toString(response.status) : failure.kind().name();
    }
}
