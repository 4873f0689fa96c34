package dev.imds4j.cli;

import dev.imds4j.ConfigReport;
import dev.imds4j.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds config [--json]}: every setting, its value and where it came from, or why it is
 * invalid; sends nothing. The diagnostic tool: an invalid setting does not stop it, it is shown
 * with its source and the problem, and the command then exits 2.
 */
final class ConfigCommand extends Command {
    ConfigCommand() {
        super("imds config [--json]",
                """
                Prints every setting a request would use and where each came from: a flag, an
                environment variable, the AWS config file (file, profile and key), or the
                default. An invalid setting is shown with its source and the problem, and the
                command exits 2. Sends nothing.""",
                "  --json    print one JSON object instead\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        ConfigReport report = context.builder(context.env).report();
        boolean emulator = flags.has(Flags.EMULATOR);
        if (flags.has(Flags.JSON)) {
            Map<String, Object> settings = new LinkedHashMap<>();
            for (ConfigReport.Entry e : report.entries()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("value", e.value());
                s.put("source", source(e, emulator));
                s.put("sourceKind", e.source().kind().name());
                s.put("problem", e.problem().orElse(null));
                settings.put(e.name(), s);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("valid", report.valid());
            m.put("settings", settings);
            m.put("notes", report.notes());
            context.out.println(Json.pretty(m));
        } else {
            for (ConfigReport.Entry e : report.entries()) {
                if (e.problem().isPresent()) {
                    context.out.printf("%-20s INVALID '%s'%n", e.name(), e.value());
                    context.out.printf("%-20s   from %s%n", "", source(e, emulator));
                    context.out.printf("%-20s   %s%n", "", e.problem().get());
                } else {
                    context.out.printf("%-20s %s%n", e.name(), e.value());
                    context.out.printf("%-20s   from %s%n", "", source(e, emulator));
                }
            }
            for (String note : report.notes()) {
                context.out.println("note: " + note);
            }
        }
        if (!report.valid()) {
            List<String> invalid = new ArrayList<>();
            for (ConfigReport.Entry e : report.entries()) {
                if (e.problem().isPresent()) {
                    invalid.add(e.name());
                }
            }
            context.err.println("imds: invalid settings: " + String.join(", ", invalid));
            return ExitCode.USAGE;
        }
        return ExitCode.OK;
    }

    /** The source as a user reads it: a value the builder got came from a flag; name it. */
    private static String source(ConfigReport.Entry e, boolean emulator) {
        if (e.source().kind() != Source.Kind.BUILDER) {
            return e.source().description();
        }
        String flag = flagOf(e.name(), emulator);
        return flag == null ? e.source().description() : "flag " + flag;
    }

    /** Which flag sets a setting, by the name {@link ConfigReport} gives it. */
    private static String flagOf(String setting, boolean emulator) {
        switch (setting) {
            case "endpoint":
                return emulator ? "--" + Flags.EMULATOR : "--" + Flags.ENDPOINT;
            case "endpointMode":
                return "--" + Flags.ENDPOINT_MODE;
            case "profile":
                return "--" + Flags.PROFILE;
            case "tokenTtl":
                return "--" + Flags.TTL;
            case "maxAttempts":
                return "--" + Flags.ATTEMPTS;
            case "connectTimeout":
                return "--" + Flags.CONNECT_TIMEOUT;
            case "readTimeout":
                return "--" + Flags.READ_TIMEOUT;
            case "operationTimeout":
                return "--" + Flags.TIMEOUT;
            default:
                return null;
        }
    }
}
