/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The client's logger under {@code --verbose}: each record as one {@code imds: } line on stderr.
 * Without {@code --verbose} the command gives the client {@link #SILENT}, so that nothing but
 * the command's own error line reaches stderr (and no logging framework is started).
 */
final class StderrLogger implements System.Logger {
    static final System.Logger SILENT = new StderrLogger(null);

    private final PrintStream err;

    StderrLogger(PrintStream err) {
        this.err = err;
    }

    @Override
    public String getName() {
        return "imds";
    }

    @Override
    public boolean isLoggable(Level level) {
        return err != null;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (err != null) {
            err.println("imds: " + msg);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (err != null) {
            err.println("imds: " + (params == null || params.length == 0 ? format
                    : MessageFormat.format(format, params)));
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        if (err != null) {
            err.println("imds: " + msgSupplier.get());
        }
    }
}
