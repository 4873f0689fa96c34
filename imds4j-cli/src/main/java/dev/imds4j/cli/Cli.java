/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * Parses the command line, picks the command by its first word, runs it, and turns whatever it
 * throws into an exit code and one line on stderr (a stack trace too under {@code --verbose}).
 * The entry point for in-process tests.
 */
final class Cli {
    static final String HELP = """
            usage: imds [OPTIONS] COMMAND [ARGS...]

            Read EC2 instance metadata over IMDSv2.

            Commands:
              get PATH...        print values exactly as served
              ls [PATH]          list a folder (default /latest/meta-data/)
              tree [PATH]        print every value below a folder
              identity           the instance identity document, as served
              region             the instance's region
              credentials        the IAM role's credentials (summary, --json, or --format)
              user-data          the user data (--decompress for gzip)
              tags               the instance tags
              events             spot, rebalance, maintenance and auto scaling notices
              watch              print each new notice as one JSON line
              config             the resolved settings and their sources (sends nothing)
              serve              run the IMDSv2 emulator
              completion         print the bash completion script

            Options go before or after the command, in any order; when one is given twice,
            the last wins. Names are exact: no abbreviations.
              --endpoint URI          IMDS endpoint; default from the environment or AWS
                                      config, else http://169.254.169.254
              --endpoint-mode MODE    IPv4 or IPv6, when no endpoint is configured
              --profile NAME          AWS config profile to read settings from
              --ttl DURATION          session token lifetime (default 6h)
              --attempts N            attempts per request, 1 to 20 (default 4)
              --connect-timeout DUR   limit on connecting (default 1s)
              --read-timeout DUR      limit on receiving an answer (default 1s)
              --timeout DUR           limit on a whole request, retries included (default 10s)
              --emulator              run against the bundled emulator on a free loopback port
              -v, --verbose           trace requests on stderr; stack traces on errors
              --version               print the version
              -h, --help              this help; 'imds COMMAND --help' for a command

            Every command that prints structured data takes --json. Secret fields of
            credentials (SecretAccessKey, Token) print as <redacted> in tree, get --json,
            get of a folder, tags and credentials --json, and so does, whole, a value under
            a credentials folder that is not a JSON object, unless --show-secrets is given;
            get of a credentials path and credentials --format print them, as they exist to.
            Output that cannot be written fails the command (exit 1; 141, silently, when the
            reader of a pipe has gone).

            Durations: 500ms, 2s, 1m, 1h, or plain seconds such as 2.5.

            """ + ExitCode.TABLE;

    /** Exact names only; option values exactly as given, quotes included. */
    private static final DefaultParser PARSER = DefaultParser.builder()
            .setAllowPartialMatching(false).setStripLeadingAndTrailingQuotes(false).get();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Terminal terminal;

    private Cli(PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
    }

    /**
     * Runs the command line with streams that are not terminals.
     *
     * @param env the environment the client resolves its settings from
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, Terminal.fixed(false, false));
    }

    /**
     * Runs the command line.
     *
     * @param env the environment the client resolves its settings from
     * @param terminal whether {@code out} and {@code err} are terminals
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
            Terminal terminal) {
        return new Cli(out, err, env, terminal).execute(args);
    }

    /** The command a word selects; each is built only when chosen, to keep start-up short. */
    static Command command(String name) {
        switch (name) {
            case "get": return new GetCommand();
            case "ls": return new LsCommand();
            case "tree": return new TreeCommand();
            case "identity": return new IdentityCommand();
            case "region": return new RegionCommand();
            case "credentials": return new CredentialsCommand();
            case "user-data": return new UserDataCommand();
            case "tags": return new TagsCommand();
            case "events": return new EventsCommand();
            case "watch": return new WatchCommand();
            case "config": return new ConfigCommand();
            case "serve": return new ServeCommand();
            case "completion": return new CompletionCommand();
            default: return null;
        }
    }

    private int execute(String[] args) {
        boolean verbose = false;
        Command command = null;
        try {
            Options options = Flags.globalOptions();
            int at = commandIndex(args);
            if (at >= 0) {
                command = command(args[at]);
                if (command == null) {
                    throw new UsageException("unknown command " + Text.quote(args[at]));
                }
                for (Option o : command.options().getOptions()) {
                    options.addOption(o);
                }
            }
            Flags flags = new Flags(parse(options, without(args, at)));
            verbose = flags.has(Flags.VERBOSE);
            if (flags.has(Flags.HELP)) {
                out.print(command == null ? HELP : command.help());
                Output.check(out);
                return ExitCode.OK;
            }
            if (flags.has(Flags.VERSION)) {
                out.println(version());
                Output.check(out);
                return ExitCode.OK;
            }
            if (command == null) {
                err.print(HELP);
                return ExitCode.USAGE;
            }
            if (!command.usesClient()) {
                for (String option : Flags.CLIENT_OPTIONS) {
                    if (flags.has(option)) {
                        throw new UsageException("--" + option + " does not apply to "
                                + command.name() + ", which sends no request to IMDS");
                    }
                }
            }
            return runCommand(command, flags);
        } catch (Exception e) {
            return fail(e, verbose, command);
        }
    }

    /**
     * Where the command word is: the first word that is neither an option nor the value of one
     * (or the word after {@code --}); -1 when there is none. Options may come before and after
     * it, global or the command's own.
     *
     * @throws UsageException for an option no command has, since whether the word after it is
     *     its value or the command cannot be told
     */
    static int commandIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return i + 1 < args.length ? i + 1 : -1;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = a.substring(2, eq < 0 ? a.length() : eq);
                if (Flags.takesValue(name)) {
                    i += eq < 0 ? 1 : 0;
                } else if (!Flags.isFlag(name)) {
                    throw new UsageException(unknownOption(Flags.globalOptions(), a));
                }
            } else if (a.length() < 2 || a.charAt(0) != '-') {
                return i;
            }
        }
        return -1;
    }

    private static String[] without(String[] args, int at) {
        if (at < 0) {
            return args;
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 0, rest, 0, at);
        System.arraycopy(args, at + 1, rest, at, args.length - at - 1);
        return rest;
    }

    /** Parses with exact option names only, and says what is wrong in the command's voice. */
    private static CommandLine parse(Options options, String[] args) {
        try {
            return PARSER.parse(options, args);
        } catch (UnrecognizedOptionException e) {
            throw new UsageException(unknownOption(options, e.getOption()), e);
        } catch (MissingArgumentException e) {
            throw new UsageException("--" + e.getOption().getLongOpt() + " needs a value", e);
        } catch (ParseException e) {
            throw new UsageException("cannot read the command line: " + e.getMessage(), e);
        }
    }

    /**
     * Names an option that is not one, and the options it may have meant. Unique prefixes are
     * refused on purpose: a script that relied on {@code --time} would break the day another
     * option starting so is added.
     */
    static String unknownOption(Options options, String token) {
        int eq = token.indexOf('=');
        String name = token.startsWith("--") ? token.substring(2, eq < 0 ? token.length() : eq)
                : token.substring(Math.min(1, token.length()));
        Option known = options.getOption(name);
        if (eq >= 0 && known != null && !known.hasArg()) {
            return "--" + name + " takes no value";
        }
        StringBuilder meant = new StringBuilder();
        int count = 0;
        for (Option o : options.getOptions()) {
            if (o.getLongOpt() != null && !name.isEmpty() && o.getLongOpt().startsWith(name)) {
                meant.append(count++ == 0 ? "" : " or ").append("--").append(o.getLongOpt());
            }
        }
        return "unknown option " + Text.quote(token) + (count == 0 ? "" : "; did you mean "
                + meant + "?");
    }

    private int runCommand(Command command, Flags flags) throws Exception {
        boolean withEmulator = flags.has(Flags.EMULATOR);
        if (withEmulator && flags.value(Flags.ENDPOINT) != null) {
            throw new UsageException("--emulator and --endpoint cannot be used together");
        }
        if (!withEmulator) {
            try (Context context = new Context(out, err, env, flags, null, terminal)) {
                return run(command, context, flags);
            }
        }
        try (ImdsEmulator emulator = ImdsEmulator.start();
                Context context = new Context(out, err, env, flags, emulator.endpoint(),
                        terminal)) {
            if (flags.has(Flags.VERBOSE)) {
                err.println("imds: emulator listening on " + emulator.endpoint());
            }
            return run(command, context, flags);
        }
    }

    /** Runs it; whatever its code, it fails if its output could not be written. */
    private static int run(Command command, Context context, Flags flags) throws Exception {
        int code;
        try {
            code = command.run(context, flags);
        } finally {
            context.finish();
        }
        Output.check(context.out);
        return code;
    }

    /**
     * Prints one line for what went wrong, naming the help to read for a usage error, and a
     * stack trace under {@code --verbose}.
     */
    private int fail(Throwable e, boolean verbose, Command command) {
        out.flush();
        // A reader that went away asked for nothing more, an error message included.
        boolean quiet = e instanceof OutputException o && o.brokenPipe() && !verbose;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof UsageException) {
            message = message + " (see 'imds " + (command == null ? "" : command.name() + " ")
                    + "--help')";
        }
        if (!quiet) {
            err.println("imds: " + Text.controls(message));
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(Text.controls(trace.toString()));
        }
        return ExitCode.of(e);
    }

    static String version() {
        String v = Cli.class.getPackage().getImplementationVersion();
        // The runtime too: bin/imds may run the distribution's own or the system's.
        return "imds " + (v == null ? "dev" : v) + " (java "
                + System.getProperty("java.runtime.version") + ", "
                + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")";
    }
}
