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
     * Runs it.
     *
     * @return the exit code
     * @throws Exception mapped to an exit code and a one-line message by {@link Cli}
     */
    abstract int run(Context context, Flags flags) throws Exception;

    /** Fails the command line when it got more positional arguments than it takes. */
    final void noMoreThan(Flags flags, int count) {
        if (flags.args().size() > count) {
            throw new UsageException("too many arguments; usage: " + usage);
        }
    }
}
