package dev.imds4j.cli;

import java.io.PrintStream;

/** The {@code imds} command's entry point: runs {@link Cli} and exits with its code. */
public final class Imds {
    private Imds() {}

    /**
     * Runs the command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        int code = Cli.run(args, out, System.err, System.getenv(), Terminal.SYSTEM);
        out.flush();
        System.exit(code);
    }
}
