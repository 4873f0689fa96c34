/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.MaintenanceEvent;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.SpotAction;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that cannot be written: PrintStream swallows write errors, so without a check every
 * command exited 0 into a full disk or a closed descriptor, and {@code watch} polled for ever
 * after its reader had gone. In-process with a stream that fails as the system does, and as real
 * processes writing to {@code /dev/full}, a closed stdout and a pipe whose reader exits.
 */
@Timeout(120)
@ImdsEmulatorTest(clockStart = "2026-03-01T10:00:00Z")
final class OutputFailureTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String FULL = "No space left on device";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ImdsEmulator emulator;
    private final String endpoint;

    OutputFailureTest(ImdsEmulator emulator) {
        this.emulator = emulator;
        this.endpoint = emulator.endpoint().toString();
    }

    /** Accepts {@code allowed} bytes, then fails every write as the system would. */
    private static final class Failing extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final int allowed;
        private final String reason;

        Failing(int allowed, String reason) {
            this.allowed = allowed;
            this.reason = reason;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written.size() + len > allowed) {
                throw new IOException(reason);
            }
            written.write(b, off, len);
        }
    }

    private static CliRun failing(String reason, String... args) {
        Failing stdout = new Failing(0, reason);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new Output(stdout, UTF_8), new PrintStream(err, true, UTF_8),
                CliRun.PATIENT);
        return new CliRun(code, stdout.written.toByteArray(), err.toString(UTF_8));
    }

    private String[] at(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint";
        all[1] = endpoint;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    @Test
    void everyCommand_outputCannotBeWritten_exit1WithOneLine() {
        emulator.scheduleSpotInterruption(SpotAction.STOP, T0, T0.plusSeconds(120));
        List<String[]> lines = new ArrayList<>();
        for (String[] command : new String[][] {{"get", "ami-id"}, {"get", "--json", "ami-id"},
            {"get", "ami-id", "instance-id"}, {"ls"}, {"ls", "--json"},
            {"tree", "placement"}, {"tree", "--json", "placement"}, {"identity"}, {"region"},
            {"region", "--json"}, {"credentials"}, {"credentials", "--json"},
            {"credentials", "--format", "env"}, {"credentials", "--format", "credential-process"},
            {"user-data"}, {"tags"}, {"tags", "--json"}, {"events"}, {"events", "--json"},
            {"config"}, {"config", "--json"},
            {"watch", "--interval", "20ms", "--exit-on-notice"}, {"get", "--help"}}) {
            lines.add(at(command));
        }
        lines.add(new String[] {"--help"});
        lines.add(new String[] {"--version"});
        lines.add(new String[] {"completion"});
        lines.add(new String[] {"serve", "--port", "0"});
        for (String[] line : lines) {
            CliRun r = failing(FULL, line);
            String what = String.join(" ", line);
            assertThat(r.code()).as(what).isEqualTo(1);
            assertThat(r.stderr()).as(what)
                    .isEqualTo("imds: cannot write the output: " + FULL + "\n");
        }
    }

    @Test
    void readerGone_exit141Silently_verboseSaysWhy() {
        CliRun quiet = failing("Broken pipe", at("get", "ami-id"));
        assertThat(quiet.code()).isEqualTo(141);
        assertThat(quiet.stderr()).isEmpty();

        CliRun verbose = failing("Broken pipe", at("--verbose", "get", "ami-id"));
        assertThat(verbose.code()).isEqualTo(141);
        assertThat(verbose.stderr()).contains("imds: cannot write the output: Broken pipe\n");
    }

    @Test
    void tree_stopsRequestingOnceOutputFails() {
        CliRun whole = CliRun.at(endpoint, CliRun.PATIENT, "tree");
        long wholeRequests = emulator.requestCount();
        assertThat(whole.code()).isZero();
        assertThat(wholeRequests).isGreaterThan(50);
        emulator.reset();

        CliRun r = failing(FULL, at("tree"));
        assertThat(r.code()).isEqualTo(1);
        // the token, the listing, and the first value, whose line could not be written
        assertThat(emulator.requestCount()).isLessThanOrEqualTo(4);
    }

    @Test
    void watch_stopsAtTheFirstFailedWrite() throws Exception {
        emulator.scheduleSpotInterruption(SpotAction.STOP, T0, T0.plusSeconds(120));
        CliRun r = CompletableFuture.supplyAsync(() -> failing("Broken pipe",
                at("watch", "--interval", "20ms"))).get(30, TimeUnit.SECONDS);
        assertThat(r.code()).isEqualTo(141);
        assertThat(r.stderr()).isEmpty();
    }

    // ---- real processes ------------------------------------------------------------------------

    private String shell(Path dir, String script) throws Exception {
        Shell.installImds(dir);
        try (Shell sh = Shell.pipe(dir, Shell.environment(dir), "bash", "-c", script)) {
            sh.exit(WAIT);
            return sh.output();
        }
    }

    @Test
    void devFull_exit1WithOneLine(@TempDir Path dir) throws Exception {
        assertThat(shell(dir, "imds --endpoint " + endpoint + " get ami-id > /dev/full; "
                + "echo \"exit $?\"")).isEqualTo("imds: cannot write the output: " + FULL
                        + "\nexit 1\n");
        assertThat(shell(dir, "imds --endpoint " + endpoint + " tree > /dev/full; "
                + "echo \"exit $?\"")).isEqualTo("imds: cannot write the output: " + FULL
                        + "\nexit 1\n");
    }

    @Test
    void closedStdout_exit1WithOneLine(@TempDir Path dir) throws Exception {
        assertThat(shell(dir, "imds --endpoint " + endpoint + " get ami-id >&-; "
                + "echo \"exit $?\"")).isEqualTo("imds: cannot write the output: Bad file "
                        + "descriptor (is standard output closed?)\nexit 1\n");
    }

    @Test
    void watchIntoAPipeWhoseReaderExits_endsAtTheNextNotice(@TempDir Path dir,
            ManualClock clock) throws Exception {
        emulator.scheduleSpotInterruption(SpotAction.TERMINATE, T0, T0.plusSeconds(120));
        Shell.installImds(dir);
        try (Shell sh = Shell.pipe(dir, Shell.environment(dir), "bash", "-c", "imds "
                + "--endpoint " + endpoint + " watch --interval 20ms | head -n 1; "
                + "echo \"exit ${PIPESTATUS[0]} ${PIPESTATUS[1]}\"")) {
            sh.await(Pattern.compile("(spot-interruption)"), 1, WAIT, "the first notice");
            // head has its line and exits; each new notice is a write into the closed pipe,
            // and the first one after head is gone must end watch
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (int i = 0; !sh.output().contains("exit "); i++) {
                assertThat(System.nanoTime() - deadline).as("watch ended within %s; the shell "
                        + "printed:\n%s", WAIT, sh.output()).isNegative();
                emulator.scheduleMaintenanceEvent(new MaintenanceEvent("system-reboot", "r",
                        "instance-event-" + i, T0.plusSeconds(3600), T0.plusSeconds(7200),
                        "active"), clock.instant());
                Thread.sleep(100);
            }
            assertThat(sh.exit(WAIT)).isZero();
            assertThat(sh.output()).endsWith("\nexit 141 0\n").doesNotContain("imds:");
        }
    }
}
