/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import org.apache.commons.cli.Options;

/**
 * One subcommand: its synopsis and help, its own options, and what it does. Subclasses give the
 * text to the constructor and implement {@link #run(Context, Flags)}.
 */
abstract class Command {
    private final String usage;
    private final String description;
    private final String optionHelp;

    /**
     * @param usage the synopsis, such as {@code imds get [--json] PATH...}
     * @param description what it does, for {@code imds COMMAND --help}
     * @param optionHelp its own options, one per line, or empty
     */
    Command(String usage, String description, String optionHelp) {
        this.usage = usage;
        this.description = description;
        this.optionHelp = optionHelp;
    }

    final String usage() {
        return usage;
    }

    /** Its name, the word after {@code imds} in the synopsis. */
    final String name() {
        int end = usage.indexOf(' ', 5);
        return usage.substring(5, end < 0 ? usage.length() : end);
    }

    final String help() {
        return "usage: " + usage + "\n\n" + description + "\n"
                + (optionHelp.isEmpty() ? "" : "\nOptions:\n" + optionHelp)
                + "\nGlobal options: see imds --help.\n";
    }

    /** Its own options; the dispatcher adds the global ones. None by default. */
    Options options() {
        return new Options();
    }

    /**
     * Whether it talks to IMDS, so that the client options ({@code --endpoint}, {@code
     * --timeout}, ...) mean something to it. Those that do not refuse them rather than ignore
     * them.
     */
    boolean usesClient() {
        return true;
    }

    /**
     * Runs it.
     *
     * @return the exit code
     * @throws Exception mapped to an exit code and a one-line message by {@link Cli}
     */
    abstract int run(Context context, Flags flags) throws Exception;

    /** Fails the command line when it got more positional arguments than it takes. */
    final void noMoreThan(Flags flags, int count) {
        if (flags.args().size() > count) {
            throw new UsageException(name() + (count == 0 ? " takes no arguments"
                    : " takes at most " + count + " argument" + (count == 1 ? "" : "s"))
                    + ", got " + Text.quote(flags.args().get(count)));
        }
    }
}
