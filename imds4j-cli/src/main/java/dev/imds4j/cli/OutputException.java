/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.IOException;

/**
 * Standard output could not be written: a full disk, a closed descriptor, or a pipe whose
 * reader went away. The command stops at once. A reader that went away ({@code EPIPE}) is what
 * ends {@code imds watch | head -n 1}, so it exits {@link ExitCode#BROKEN_PIPE} without a
 * message, as a command killed by SIGPIPE does; anything else exits 1 with one line.
 */
final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean brokenPipe;

    OutputException(IOException failure) {
        super(message(failure), failure);
        this.brokenPipe = failure != null && isBrokenPipe(failure.getMessage());
    }

    /** Whether the reader of a pipe went away (EPIPE), rather than the output failing. */
    boolean brokenPipe() {
        return brokenPipe;
    }

    private static String message(IOException failure) {
        String reason = failure == null || failure.getMessage() == null
                ? "the output stream reported an error" : failure.getMessage();
        if (reason.equals("Bad file descriptor")) {
            reason += " (is standard output closed?)";
        }
        return "cannot write the output: " + Text.controls(reason);
    }

    /** The JDK reports EPIPE with the system's text for it (Linux and macOS alike). */
    private static boolean isBrokenPipe(String message) {
        return "Broken pipe".equals(message);
    }
}
