/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.Charset;

/** The {@code imds} command's entry point: runs {@link Cli} and exits with its code. */
public final class Imds {
    private Imds() {}

    /**
     * Runs the command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // Not System.out: a PrintStream that says why a write failed, in System.out's charset.
        Output out = new Output(new FileOutputStream(FileDescriptor.out), stdoutCharset());
        int code = Cli.run(args, out, System.err, System.getenv(), Terminal.SYSTEM);
        out.flush();
        System.err.flush();
        if (code == ExitCode.SHUTTING_DOWN) {
            return; // the JVM ends the process with the signal's status
        }
        // Not System.exit: from Java 21 on, Runtime.exit looks up a System.Logger to log the
        // exit, and that lookup (a service search of the class path, the logging set-up) costs
        // a short process milliseconds after its work is done. Nothing is left to run: the
        // streams are flushed, the client is closed, and no command leaves a shutdown hook.
        Runtime.getRuntime().halt(code);
    }

    /** The charset System.out uses: {@code stdout.encoding} from Java 19, else the default. */
    private static Charset stdoutCharset() {
        String name = System.getProperty("stdout.encoding");
        if (name == null) {
            name = System.getProperty("sun.stdout.encoding");
        }
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return Charset.defaultCharset();
        }
    }
}
