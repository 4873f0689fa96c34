/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import java.util.ResourceBundle;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A {@link System.Logger} that writes to {@code java.util.logging}, where the OpenTelemetry SDK
 * writes its own records, with the JDK's level mapping. The detector's default: {@link
 * System#getLogger} would first search the class path for a {@code LoggerFinder}, milliseconds of
 * an application's start that the detector's own records do not need. Records carry the
 * detector as their source, not this class.
 */
final class JulLogger implements System.Logger {
    private final Logger jul;

    JulLogger(Logger jul) {
        this.jul = jul;
    }

    @Override
    public String getName() {
        return jul.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return jul.isLoggable(julLevel(level));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        java.util.logging.Level l = julLevel(level);
        if (jul.isLoggable(l)) {
            LogRecord r = record(l, bundle, msg);
            r.setThrown(thrown);
            jul.log(r);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        java.util.logging.Level l = julLevel(level);
        if (jul.isLoggable(l)) {
            LogRecord r = record(l, bundle, format);
            r.setParameters(params);
            jul.log(r);
        }
    }

    private LogRecord record(java.util.logging.Level level, ResourceBundle bundle, String msg) {
        LogRecord r = new LogRecord(level, msg);
        r.setLoggerName(jul.getName());
        r.setSourceClassName(Ec2ResourceDetector.class.getName());
        r.setSourceMethodName("detect");
        if (bundle != null) {
            r.setResourceBundle(bundle);
            r.setResourceBundleName(bundle.getBaseBundleName());
        }
        return r;
    }

    /** As the JDK maps them: TRACE FINER, DEBUG FINE, ERROR SEVERE. */
    static java.util.logging.Level julLevel(Level level) {
        switch (level) {
            case ALL:
                return java.util.logging.Level.ALL;
            case TRACE:
                return java.util.logging.Level.FINER;
            case DEBUG:
                return java.util.logging.Level.FINE;
            case INFO:
                return java.util.logging.Level.INFO;
            case WARNING:
                return java.util.logging.Level.WARNING;
            case ERROR:
                return java.util.logging.Level.SEVERE;
            default:
                return java.util.logging.Level.OFF;
        }
    }
}
