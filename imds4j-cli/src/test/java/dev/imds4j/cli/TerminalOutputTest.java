/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person at a terminal sees against what a pipe gets: on a terminal a value without a
 * final line feed gets one, so neither the prompt nor an error sticks to it; a pipe gets the
 * exact bytes. The command runs as a real process, in a pseudo-terminal (script(1)) or on
 * pipes, so that it finds out by itself which it has.
 */
@Timeout(120)
@ImdsEmulatorTest
final class TerminalOutputTest {
    private static final String AMI = "ami-0c1c30571d2dae5c9";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ImdsEmulator emulator;
    private final String endpoint;

    TerminalOutputTest(ImdsEmulator emulator) {
        this.emulator = emulator;
        this.endpoint = emulator.endpoint().toString();
    }

    @BeforeEach
    void installImds() throws Exception {
        Shell.installImds(dir);
    }

    private String onTerminal(String args) throws Exception {
        try (Shell shell = Shell.pty(dir, Shell.environment(dir),
                "imds --endpoint " + endpoint + " " + args)) {
            shell.exit(WAIT);
            return shell.output();
        }
    }

    private String onPipe(String... args) throws Exception {
        String[] argv = new String[args.length + 3];
        argv[0] = dir.resolve("bin/imds").toString();
        argv[1] = "--endpoint";
        argv[2] = endpoint;
        System.arraycopy(args, 0, argv, 3, args.length);
        try (Shell shell = Shell.pipe(dir, Shell.environment(dir), argv)) {
            shell.exit(WAIT);
            return shell.output();
        }
    }

    @Test
    void get_terminalGetsALineFeed_pipeGetsExactBytes() throws Exception {
        assertThat(onTerminal("get ami-id")).isEqualTo(AMI + "\n");
        assertThat(onPipe("get", "ami-id")).isEqualTo(AMI);
    }

    @Test
    void get_severalPaths_lastEndsItsLineToo() throws Exception {
        assertThat(onTerminal("get ami-id instance-type"))
                .isEqualTo(AMI + "\nm5.large\n");
        assertThat(onPipe("get", "ami-id", "instance-type")).isEqualTo(AMI + "\nm5.large\n");
    }

    @Test
    void get_errorAfterAValue_startsItsOwnLine() throws Exception {
        assertThat(onTerminal("get ami-id nothing"))
                .startsWith(AMI + "\nimds: GET /latest/meta-data/nothing at ");
    }

    @Test
    void identity_terminalGetsALineFeed_pipeGetsTheDocument() throws Exception {
        byte[] document = "{\"instanceId\":\"i-1\"}".getBytes(UTF_8);
        emulator.put(IdentityCommand.DOCUMENT, document);
        assertThat(onTerminal("identity")).isEqualTo("{\"instanceId\":\"i-1\"}\n");
        assertThat(onPipe("identity")).isEqualTo("{\"instanceId\":\"i-1\"}");
    }

    @Test
    void inProcess_terminalRuleAppliesOnlyWhereTheLineFeedIsMissing() {
        CliRun value = CliRun.onTerminal(CliRun.PATIENT, "--endpoint", endpoint, "get", "ami-id");
        assertThat(value.out()).isEqualTo(AMI + "\n");
        CliRun key = CliRun.onTerminal(CliRun.PATIENT, "--endpoint", endpoint, "get",
                "public-keys/0/openssh-key");
        assertThat(key.out()).endsWith("imds4j-demo-key\n").doesNotEndWith("\n\n");
        emulator.put("/latest/user-data", new byte[0]);
        CliRun empty = CliRun.onTerminal(CliRun.PATIENT, "--endpoint", endpoint, "get",
                "/latest/user-data");
        assertThat(empty.stdout()).isEmpty();
    }

    @Test
    void help_saysHowToGetExactBytes() {
        assertThat(CliRun.run(Map.of(), "get", "--help").out())
                .contains("Piped or redirected, the output is those exact bytes")
                .contains("'imds get PATH > FILE'")
                .contains("On a terminal\na line feed is added");
    }
}
