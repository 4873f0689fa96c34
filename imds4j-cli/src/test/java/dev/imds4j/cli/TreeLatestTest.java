/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code imds tree /latest/} walks a real-style listing completely: {@code /latest/} lists {@code
 * dynamic} and {@code meta-data} without slashes, and both are still walked.
 */
@Timeout(60)
@ImdsEmulatorTest
final class TreeLatestTest {
    @Test
    void treeLatest_printsEveryValue(ImdsEmulator emulator) {
        CliRun r = CliRun.at(emulator.endpoint(), CliRun.PATIENT, "tree", "/latest/");

        assertThat(r.code()).as(r.stderr()).isZero();
        List<String> printed = r.out().lines().map(l -> l.substring(0, l.indexOf(" = ")))
                .toList();
        List<String> valuesServed = emulator.requests().stream()
                .filter(q -> q.method().equals("GET") && q.status() == 200
                        && !q.path().endsWith("/"))
                .map(RecordedRequest::path).toList();
        assertThat(printed).containsExactlyInAnyOrderElementsOf(valuesServed)
                .hasSizeGreaterThan(60)
                .contains("/latest/user-data", "/latest/dynamic/fws/instance-monitoring",
                        "/latest/dynamic/instance-identity/document",
                        "/latest/meta-data/instance-id",
                        "/latest/meta-data/network/interfaces/macs/0e:49:61:0f:c3:11/"
                                + "network-card-index",
                        "/latest/meta-data/iam/security-credentials/imds4j-demo-role");
    }
}
