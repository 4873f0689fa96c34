package dev.imds4j.cli;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

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
              get PATH...        print values exactly as served (--json: one object)
              ls [PATH]          list a folder (default /latest/meta-data/)
              tree [PATH]        print every value below a folder (--json: nested objects)
              identity           the instance identity document
              region             the instance's region
              credentials        the IAM role's credentials (summary, or --format)
              user-data          the user data (--decompress for gzip)
              tags               the instance tags
              events             spot, rebalance, maintenance and auto scaling notices
              watch              print each new notice as one JSON line
              config             the resolved settings and their sources (sends nothing)
              serve              run the IMDSv2 emulator
              completion         print the bash completion script

            Options (before or after the command):
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

            Durations: 500ms, 2s, 1m, 1h, or plain seconds such as 2.5.

            """ + ExitCode.TABLE;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private Cli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /**
     * Runs the command line.
     *
     * @param env the environment the client resolves its settings from
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return new Cli(out, err, env).execute(args);
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
        try {
            Options globals = Flags.globalOptions();
            CommandLine global = new DefaultParser().parse(globals, args, true);
            verbose = global.hasOption(Flags.VERBOSE);
            List<String> rest = global.getArgList();
            if (global.hasOption(Flags.VERSION)) {
                out.println(version());
                return ExitCode.OK;
            }
            if (rest.isEmpty()) {
                (global.hasOption(Flags.HELP) ? out : err).print(HELP);
                return global.hasOption(Flags.HELP) ? ExitCode.OK : ExitCode.USAGE;
            }
            Command command = command(rest.get(0));
            if (command == null) {
                throw new UsageException("unknown command '" + rest.get(0)
                        + "' (try imds --help)");
            }
            Options options = command.options();
            for (Option o : globals.getOptions()) {
                options.addOption(o);
            }
            CommandLine own = new DefaultParser().parse(options,
                    rest.subList(1, rest.size()).toArray(new String[0]));
            Flags flags = new Flags(global, own);
            verbose = flags.has(Flags.VERBOSE);
            if (flags.has(Flags.HELP)) {
                out.print(command.help());
                return ExitCode.OK;
            }
            return runCommand(command, flags);
        } catch (ParseException e) {
            return fail(new UsageException(e.getMessage() + " (try imds --help)", e), verbose);
        } catch (Exception e) {
            return fail(e, verbose);
        }
    }

    private int runCommand(Command command, Flags flags) throws Exception {
        boolean withEmulator = flags.has(Flags.EMULATOR);
        if (withEmulator && flags.value(Flags.ENDPOINT) != null) {
            throw new UsageException("--emulator and --endpoint cannot be used together");
        }
        if (!withEmulator) {
            try (Context context = new Context(out, err, env, flags, null)) {
                return command.run(context, flags);
            }
        }
        try (ImdsEmulator emulator = ImdsEmulator.start();
                Context context = new Context(out, err, env, flags, emulator.endpoint())) {
            if (flags.has(Flags.VERBOSE)) {
                err.println("imds: emulator listening on " + emulator.endpoint());
            }
            return command.run(context, flags);
        }
    }

    private int fail(Throwable e, boolean verbose) {
        out.flush();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        err.println("imds: " + message);
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        return ExitCode.of(e);
    }

    static String version() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return "imds " + (v == null ? "dev" : v) + " (java " + System.getProperty("java.version")
                + ")";
    }
}
