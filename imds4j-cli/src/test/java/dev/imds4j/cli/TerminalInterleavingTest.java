/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * stdout and stderr on one terminal, as a person sees them: {@code tree}'s progress line is
 * erased before each result line, and {@code get -v}'s trace never sticks to a value. Both
 * streams write into one buffer, stdout buffered as the real one is.
 */
@ImdsEmulatorTest
final class TerminalInterleavingTest {
    private static final String ERASE = "\r\033[K";

    private final ImdsEmulator emulator;

    TerminalInterleavingTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    /** Runs the command with stdout and stderr on one fake terminal; what it showed. */
    private String onOneTerminal(String... args) {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new BufferedOutputStream(screen, 8192), false, UTF_8);
        PrintStream err = new PrintStream(screen, true, UTF_8);
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint";
        all[1] = emulator.endpoint().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Cli.run(all, out, err, CliRun.PATIENT, Terminal.fixed(true, true));
        out.flush();
        assertThat(code).as(screen.toString(UTF_8)).isZero();
        return screen.toString(UTF_8);
    }

    @Test
    void tree_progressErasedBeforeEachResultLineAndAtTheEnd() {
        String screen = onOneTerminal("tree", "placement");
        String md = "/latest/meta-data/placement/";
        assertThat(screen).isEqualTo(ERASE + "1 request: " + md + "availability-zone" + ERASE
                + md + "availability-zone = eu-west-1a\n"
                + ERASE + "2 requests: " + md + "availability-zone-id" + ERASE
                + md + "availability-zone-id = euw1-az1\n"
                + ERASE + "3 requests: " + md + "region" + ERASE
                + md + "region = eu-west-1\n" + ERASE);
    }

    @Test
    void getVerbose_severalPaths_traceNeverSticksToAValue() {
        String screen = onOneTerminal("-v", "get", "ami-id", "instance-type");
        assertThat(screen).contains("ami-0c1c30571d2dae5c9\nimds: GET /latest/meta-data/"
                + "instance-type").endsWith("\nm5.large\n");
    }
}
