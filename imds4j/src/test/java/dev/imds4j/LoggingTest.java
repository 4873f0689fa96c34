/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class LoggingTest {
    @ParameterizedTest
    @EnumSource(Mode.class)
    void debugPerAttempt_warningWhenRetriesRunOut(Mode mode) throws Exception {
        CapturingLogger log = new CapturingLogger();
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint()).logger(log)
                        .maxAttempts(2).retryBackoff(Duration.ZERO, Duration.ZERO).build()) {
            mode.get(imds, "/latest/meta-data/ami-id");
            emulator.addFault(Fault.status(503).onMethod("GET").always());
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/ami-id"))
                    .isInstanceOf(ImdsStatusException.class);
        }
        assertThat(log.lines).hasSize(5);
        assertThat(log.lines.get(0))
                .matches("DEBUG PUT /latest/api/token -> 200 \\(attempt 1, \\d+\\.\\d\\d ms\\)");
        assertThat(log.lines.get(1))
                .matches("DEBUG GET /latest/meta-data/ami-id -> 200 \\(attempt 1, .* ms\\)");
        assertThat(log.lines.get(2)).startsWith("DEBUG GET /latest/meta-data/ami-id -> 503 "
                + "(attempt 1,");
        assertThat(log.lines.get(3)).startsWith("DEBUG GET /latest/meta-data/ami-id -> 503 "
                + "(attempt 2,");
        assertThat(log.lines.get(4)).startsWith("WARNING GET /latest/meta-data/ami-id at ")
                .contains("503 Service Unavailable after 2 attempts");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failureWithoutAnswer_loggedByKind_noWarningForFinalAnswers(Mode mode) throws Exception {
        CapturingLogger log = new CapturingLogger();
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint()).logger(log)
                        .maxAttempts(1).build()) {
            emulator.addFault(Fault.closeConnection().onTokenPut());
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/ami-id"))
                    .isInstanceOf(ImdsConnectionException.class);
            assertThat(log.lines).hasSize(2);
            assertThat(log.lines.get(0)).startsWith("DEBUG PUT /latest/api/token -> CLOSED");
            assertThat(log.lines.get(1)).startsWith("WARNING PUT /latest/api/token at ");
            log.lines.clear();

            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/none"))
                    .isInstanceOf(ImdsStatusException.class);
            assertThat(log.lines).noneMatch(l -> l.startsWith("WARNING"));
        }
    }
}
