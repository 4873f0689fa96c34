/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

/** One in-process run of the command: exit code and everything written to stdout and stderr. */
record CliRun(int code, byte[] stdout, String stderr) {
    /**
     * An environment with 30 s connect and read timeouts, for tests whose subject is not
     * timing: the machine that runs them may be loaded enough to miss the 1 s default.
     */
    static final Map<String, String> PATIENT = Map.of("AWS_METADATA_SERVICE_TIMEOUT", "30");

    /** Runs {@code imds --endpoint ENDPOINT ARGS...} as in a pipe. */
    static CliRun at(Object endpoint, Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint";
        all[1] = endpoint.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(env, all);
    }

    /** Runs it as in a pipe: neither stdout nor stderr is a terminal. */
    static CliRun run(Map<String, String> env, String... args) {
        return run(Terminal.fixed(false, false), env, args);
    }

    /** Runs it as typed at a terminal: stdout and stderr are terminals. */
    static CliRun onTerminal(Map<String, String> env, String... args) {
        return run(Terminal.fixed(true, true), env, args);
    }

    private static CliRun run(Terminal terminal, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, UTF_8);
        PrintStream e = new PrintStream(err, true, UTF_8);
        int code = Cli.run(args, o, e, env, terminal);
        o.flush();
        e.flush();
        return new CliRun(code, out.toByteArray(), err.toString(UTF_8));
    }

    String out() {
        return new String(stdout, UTF_8);
    }
}
