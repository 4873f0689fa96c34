/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.EndpointMode;
import dev.imds4j.ImdsClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * What a command works with: the streams, the environment, the parsed flags, and the client
 * built from them on first use (closed when the command ends).
 */
final class Context implements AutoCloseable {
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final Flags flags;
    final Terminal terminal;
    private final URI emulatorEndpoint;
    private ImdsClient client;
    private int last = '\n';

    Context(PrintStream out, PrintStream err, Map<String, String> env, Flags flags,
            URI emulatorEndpoint, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.flags = flags;
        this.emulatorEndpoint = emulatorEndpoint;
        this.terminal = terminal;
    }

    boolean verbose() {
        return flags.has(Flags.VERBOSE);
    }

    /** Where library log records go: stderr under {@code --verbose}, else nowhere. */
    System.Logger logger() {
        return verbose() ? new StderrLogger(err) : StderrLogger.SILENT;
    }

    /** The client, built from the flags on first use. */
    ImdsClient client() {
        if (client == null) {
            client = builder(env).build();
        }
        return client;
    }

    /**
     * A builder configured from the flags over {@code environment}; nothing is sent. The CLI
     * parses a flag's text (a duration, a number); the builder alone decides what is in range,
     * and a value it refuses is a usage error naming the flag and the builder's reason: one
     * mapping for every flag.
     *
     * @throws UsageException for the first flag that is invalid
     */
    ImdsClient.Builder builder(Map<String, String> environment) {
        return builder(environment, null);
    }

    /**
     * A builder as {@link #builder(Map)} makes it, but a flag that is invalid is left out and its
     * problem put in {@code problems} (keyed by the flag's name, the message as {@link
     * #builder(Map)} would throw it), for {@code imds config}, which shows them all.
     */
    ImdsClient.Builder builder(Map<String, String> environment, Map<String, String> problems) {
        ImdsClient.Builder b = ImdsClient.builder().environment(environment).logger(logger());
        if (emulatorEndpoint != null) {
            b.endpoint(emulatorEndpoint);
        }
        for (String flag : Flags.CLIENT_OPTIONS) {
            try {
                apply(b, flag);
            } catch (UsageException e) {
                if (problems == null) {
                    throw e;
                }
                problems.put(flag, e.getMessage());
            }
        }
        return b;
    }

    /** Sets one flag's value on the builder, if the flag was given. */
    private void apply(ImdsClient.Builder b, String flag) {
        String text = flags.value(flag);
        if (text == null || flag.equals(Flags.EMULATOR)
                || (flag.equals(Flags.ENDPOINT) && emulatorEndpoint != null)) {
            return;
        }
        Integer attempts = null;
        try {
            switch (flag) {
                case Flags.ENDPOINT -> b.endpoint(text);
                case Flags.ENDPOINT_MODE -> b.endpointMode(endpointMode(text));
                case Flags.PROFILE -> b.profile(text);
                case Flags.TTL -> b.tokenTtl(flags.duration(flag));
                case Flags.ATTEMPTS -> {
                    attempts = flags.integer(flag);
                    b.maxAttempts(attempts);
                }
                case Flags.CONNECT_TIMEOUT -> b.connectTimeout(flags.duration(flag));
                case Flags.READ_TIMEOUT -> b.readTimeout(flags.duration(flag));
                case Flags.TIMEOUT -> b.operationTimeout(flags.duration(flag));
                default -> throw new IllegalStateException("not a client option: " + flag);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(flagProblem(flag, text, e.getMessage(), attempts), e);
        }
    }

    /**
     * The builder's reason for refusing a flag's value, in the flag's name. The builder's own
     * message names its setting ({@code maxAttempts: ...}) and quotes the value redacted and
     * escaped, or not at all; the raw value is never echoed: an endpoint may hold a password.
     * Where the builder does not quote it, the value as typed is, escaped ({@code --endpoint}
     * always quotes it redacted).
     */
    private static String flagProblem(String flag, String text, String reason,
            Integer clamped) {
        String r = reason == null ? "invalid value" : reason;
        int colon = r.indexOf(": ");
        if (colon > 0 && isName(r, colon)) {
            r = r.substring(colon + 2);
        }
        // A whole number beyond int is passed on clamped: the range is the builder's, the
        // number shown the one typed.
        if (clamped != null && r.endsWith(": " + clamped)) {
            r = r.substring(0, r.length() - 2 - String.valueOf(clamped).length());
        }
        if (flag.equals(Flags.ENDPOINT) || r.startsWith("invalid value '")) {
            return "--" + flag + ": " + r;
        }
        // The value as typed is quoted; the builder's ', not 0 s' would show it as parsed
        // (0.0001 s is 0 ms), which is not what was given.
        int not = r.lastIndexOf(", not ");
        if (not > 0) {
            r = r.substring(0, not);
        }
        return "--" + flag + ": invalid value " + Text.quote(text) + ": " + r;
    }

    /** Whether {@code text} up to {@code end} is one word of letters, a setting's name. */
    private static boolean isName(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** IPv4 or IPv6 in any case, as the environment variable takes it. */
    private static EndpointMode endpointMode(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("IPv4") || t.equalsIgnoreCase("IPv6")) {
            return EndpointMode.parse(t);
        }
        throw new IllegalArgumentException("expected IPv4 or IPv6");
    }

    /** Writes bytes to stdout exactly, and fails the command if they could not be written. */
    void write(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        if (bytes.length > 0) {
            last = bytes[bytes.length - 1];
        }
        Output.check(out);
    }

    /**
     * Writes a line feed to stdout, and flushes it: a trace or message on stderr that follows
     * on the same terminal must not land before it, glued to the value.
     */
    void newline() {
        out.write('\n');
        last = '\n';
        Output.check(out);
    }

    /**
     * Flushes stdout and fails the command if something could not be written, so that a loop
     * (tree's requests, watch's polls) stops at the first failed write.
     *
     * @throws OutputException if a write failed
     */
    void checkOutput() {
        Output.check(out);
    }

    /**
     * Ends a command's output, whether it succeeded or not: on a terminal, a value that did not
     * end with a line feed gets one, so that neither the prompt nor an error message sticks to
     * it. A pipe or file gets the exact bytes.
     */
    void finish() {
        if (last != '\n' && terminal.stdout()) {
            newline();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
