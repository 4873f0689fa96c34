/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsConfigurationException;
import dev.imds4j.ImdsConnectionException;
import dev.imds4j.ImdsDisabledException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.ImdsTimeoutException;

/** The exit codes, documented in {@code --help} and the README, and the one mapping to them. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int UNREACHABLE = 4;
    static final int REFUSED = 5;
    /** 128 + SIGPIPE: what a shell sees of a command that a closed pipe killed. */
    static final int BROKEN_PIPE = 141;
    /**
     * Not a status: a signal (SIGTERM, SIGINT) has begun the JVM's shutdown, which ends the
     * process with the signal's own status (143, 130); {@link Imds#main} leaves it to that.
     */
    static final int SHUTTING_DOWN = -1;

    static final String TABLE = """
            Exit codes:
              0  success
              1  other failure
              2  usage or configuration error
              3  not found (404)
              4  IMDS unreachable or timed out
              5  refused (403, IMDS disabled, 401 after retries)
            141  the reader of the output pipe went away (as for a command killed by
                 SIGPIPE; nothing is printed)
            """;

    private ExitCode() {}

    /** Maps what a command threw to its exit code. */
    static int of(Throwable t) {
        if (t instanceof OutputException o) {
            return o.brokenPipe() ? BROKEN_PIPE : FAILURE;
        }
        if (t instanceof UsageException || t instanceof ImdsConfigurationException
                || t instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (t instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (t instanceof ImdsDisabledException) {
            return REFUSED;
        }
        if (t instanceof ImdsStatusException s) {
            int status = s.status();
            return status == 404 ? NOT_FOUND : status == 403 || status == 401 ? REFUSED : FAILURE;
        }
        if (t instanceof ImdsTimeoutException || t instanceof ImdsConnectionException) {
            return UNREACHABLE;
        }
        return FAILURE;
    }
}
