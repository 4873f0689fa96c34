package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

/** One in-process run of the command: exit code and everything written to stdout and stderr. */
record CliRun(int code, byte[] stdout, String stderr) {
    static CliRun run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, UTF_8);
        PrintStream e = new PrintStream(err, true, UTF_8);
        int code = Cli.run(args, o, e, env);
        o.flush();
        e.flush();
        return new CliRun(code, out.toByteArray(), err.toString(UTF_8));
    }

    String out() {
        return new String(stdout, UTF_8);
    }
}
