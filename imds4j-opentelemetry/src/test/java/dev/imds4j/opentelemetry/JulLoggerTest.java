/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The detector's default logger writes to java.util.logging with the JDK's own mapping. */
final class JulLoggerTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Logger jul;

    @BeforeEach
    void attach() {
        jul = Logger.getLogger("dev.imds4j.opentelemetry.JulLoggerTest." + System.nanoTime());
        jul.setUseParentHandlers(false);
        jul.addHandler(handler);
    }

    @AfterEach
    void detach() {
        jul.removeHandler(handler);
    }

    @Test
    void levels_mapAsTheJdkMapsThem_andFollowTheJulLevel() {
        jul.setLevel(java.util.logging.Level.INFO);
        System.Logger log = new JulLogger(jul);

        assertThat(log.isLoggable(Level.DEBUG)).isFalse();
        assertThat(log.isLoggable(Level.INFO)).isTrue();
        log.log(Level.DEBUG, "not written");
        log.log(Level.TRACE, "not written");
        log.log(Level.INFO, "info");
        log.log(Level.WARNING, "warning");
        log.log(Level.ERROR, "error");

        assertThat(records).extracting(LogRecord::getLevel).containsExactly(
                java.util.logging.Level.INFO, java.util.logging.Level.WARNING,
                java.util.logging.Level.SEVERE);
        assertThat(JulLogger.julLevel(Level.DEBUG)).isEqualTo(java.util.logging.Level.FINE);
        assertThat(JulLogger.julLevel(Level.TRACE)).isEqualTo(java.util.logging.Level.FINER);
        assertThat(JulLogger.julLevel(Level.ALL)).isEqualTo(java.util.logging.Level.ALL);
        assertThat(JulLogger.julLevel(Level.OFF)).isEqualTo(java.util.logging.Level.OFF);
    }

    @Test
    void records_carryTheDetectorAsSource_parametersAndThrown() {
        jul.setLevel(java.util.logging.Level.ALL);
        System.Logger log = new JulLogger(jul);
        IllegalStateException boom = new IllegalStateException("boom");

        log.log(Level.DEBUG, "{0} {1} -> {2}", "GET", "/latest/meta-data/hostname", "200");
        log.log(Level.WARNING, "failed", boom);

        assertThat(records).hasSize(2);
        assertThat(new SimpleFormatter().formatMessage(records.get(0)))
                .isEqualTo("GET /latest/meta-data/hostname -> 200");
        assertThat(records.get(1).getThrown()).isSameAs(boom);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.getSourceClassName()).isEqualTo(Ec2ResourceDetector.class.getName());
            assertThat(r.getLoggerName()).isEqualTo(jul.getName());
        });
        assertThat(log.getName()).isEqualTo(jul.getName());
    }
}
