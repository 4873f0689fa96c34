/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stdout and stderr are terminals, which decides what a person sees (a final newline
 * so the prompt never sticks to a value, progress on stderr) against what a pipe gets (exact
 * bytes). Tests hand {@link Cli} a {@link #fixed fixed} answer; the command asks the system.
 */
abstract class Terminal {
    /** The process's own descriptors, asked on first use. */
    static final Terminal SYSTEM = new Terminal() {
        private Boolean out;
        private Boolean err;

        @Override
        boolean stdout() {
            if (out == null) {
                out = isTerminal(1);
            }
            return out;
        }

        @Override
        boolean stderr() {
            if (err == null) {
                err = isTerminal(2);
            }
            return err;
        }
    };

    /** Whether stdout is a terminal. */
    abstract boolean stdout();

    /** Whether stderr is a terminal. */
    abstract boolean stderr();

    /** A fixed answer, for in-process runs whose streams are buffers. */
    static Terminal fixed(boolean stdout, boolean stderr) {
        return new Terminal() {
            @Override
            boolean stdout() {
                return stdout;
            }

            @Override
            boolean stderr() {
                return stderr;
            }
        };
    }

    /**
     * Whether a descriptor is a terminal. Java has no isatty; on Linux /proc tells where the
     * descriptor points. Elsewhere the console is the best guess left: before Java 22 it exists
     * only when stdin and stdout are terminals; from 22 on, {@code Console.isTerminal()} says.
     */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(console);
            } catch (ReflectiveOperationException absentBefore22) {
                return true;
            }
        }
    }
}
