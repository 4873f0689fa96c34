package dev.imds4j.cli;

import org.apache.commons.cli.Options;

/** One subcommand: its options, its help, and what it does. */
interface Command {
    /** The word that selects it, such as {@code get}. */
    String name();

    /** The synopsis, such as {@code imds get [--json] PATH...}. */
    String usage();

    /** What it does and its own options, for {@code imds COMMAND --help}. */
    String help();

    /** Its own options; global ones are added by the dispatcher. */
    Options options();

    /**
     * Runs it.
     *
     * @return the exit code
     * @throws Exception mapped to an exit code and a one-line message by {@link Cli}
     */
    int run(Context context, Flags flags) throws Exception;
}
