/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real shells for the tests of what a shell reads: an {@code imds} command on a private PATH
 * (this build's classes, started as {@code bin/imds} starts the jar), and a process, optionally
 * in a pseudo-terminal made by util-linux {@code script(1)}, whose output is read as it comes.
 */
final class Shell implements AutoCloseable {
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private Shell(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "shell-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Writes {@code dir/bin/imds}, which runs this build's command, and returns the bin folder.
     */
    static Path installImds(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path imds = bin.resolve("imds");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(imds, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 "
                + "-XX:+UseSerialGC -cp '" + System.getProperty("java.class.path")
                + "' dev.imds4j.cli.Imds \"$@\"\n");
        Files.setPosixFilePermissions(imds, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /**
     * The environment for a shell in {@code dir}: its bin first on PATH, no rc files, and the
     * patient timeouts of {@link CliRun#PATIENT}.
     */
    static Map<String, String> environment(Path dir) {
        return Map.of("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"),
                "HOME", dir.toString(), "INPUTRC", "/dev/null", "TERM", "dumb", "LC_ALL",
                "C.UTF-8", "HISTFILE", "/dev/null", "AWS_METADATA_SERVICE_TIMEOUT", "30");
    }

    /** Runs {@code argv} in {@code dir} with stdin, stdout and stderr on pipes. */
    static Shell pipe(Path dir, Map<String, String> env, String... argv) throws IOException {
        return start(dir, env, List.of(argv));
    }

    /** Runs a shell command line in {@code dir} inside a pseudo-terminal. */
    static Shell pty(Path dir, Map<String, String> env, String commandLine) throws IOException {
        return start(dir, env, List.of("script", "-qfec", commandLine, "/dev/null"));
    }

    private static Shell start(Path dir, Map<String, String> env, List<String> argv)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv)).directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return new Shell(pb.start());
    }

    private void read() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (output) {
                    output.write(buffer, 0, n);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (output) {
            output.notifyAll();
        }
    }

    /** Types keys (or writes input), as they are. */
    void type(String keys) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(keys.getBytes(UTF_8));
        in.flush();
    }

    /** Everything the process printed so far, carriage returns removed. */
    String output() {
        synchronized (output) {
            return output.toString(UTF_8).replace("\r", "");
        }
    }

    /**
     * Waits until the output holds {@code count} matches of {@code pattern}, and returns the
     * first group of the last one.
     */
    String await(Pattern pattern, int count, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                Matcher m = pattern.matcher(output.toString(UTF_8).replace("\r", ""));
                String last = null;
                int found = 0;
                while (m.find()) {
                    found++;
                    last = m.group(1);
                }
                if (found >= count) {
                    return last;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    return fail("no " + what + " within " + timeout + "; the shell printed:\n"
                            + visible(output.toString(UTF_8)));
                }
                output.wait(Math.min(left, 200));
            }
        }
    }

    /** Closes stdin and waits for the process to end; returns its exit code. */
    int exit(Duration timeout) throws IOException, InterruptedException {
        process.getOutputStream().close();
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("the shell ended within %s; it printed:\n%s", timeout, visible(output()))
                .isTrue();
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    /** The text with control characters shown, for failure messages. */
    static String visible(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\n' || (c >= 0x20 && c != 0x7f)) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
