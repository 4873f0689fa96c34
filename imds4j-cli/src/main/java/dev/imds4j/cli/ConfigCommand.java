/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
 * invalid; sends nothing. The diagnostic tool: an invalid setting does not stop it, whether it
 * came from a flag, the environment or the config file; it is shown with its source and the
 * problem, and the command then exits 2.
 */
final class ConfigCommand extends Command {
    ConfigCommand() {
        super("imds config [--json]",
                """
                Prints every setting a request would use and where each came from: a flag, an
                environment variable, the AWS config file (file, profile and key), or the
                default. An invalid setting, a flag's included, is shown marked INVALID with
                its source and the problem, and the command exits 2. Sends nothing.""",
                "  --json    print one JSON object instead\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        Map<String, String> flagProblems = new LinkedHashMap<>();
        ConfigReport report = context.builder(context.env, flagProblems).report();
        boolean emulator = flags.has(Flags.EMULATOR);
        List<Row> rows = new ArrayList<>();
        for (ConfigReport.Entry e : report.entries()) {
            rows.add(row(e, emulator, flags, flagProblems));
        }
        boolean profileFlag = false;
        for (ConfigReport.Entry e : report.entries()) {
            profileFlag |= e.name().equals("profile")
                    && e.source().kind() == Source.Kind.BUILDER;
        }
        List<String> notes = new ArrayList<>();
        for (String note : report.notes()) {
            // the client names its own caller, the builder; the user gave a flag
            notes.add(profileFlag ? note.replace("' (builder) is not defined",
                    "' (flag --" + Flags.PROFILE + ") is not defined") : note);
        }
        List<String> invalid = new ArrayList<>();
        for (Row r : rows) {
            if (r.problem != null) {
                invalid.add(r.name);
            }
        }
        if (flags.has(Flags.JSON)) {
            Map<String, Object> settings = new LinkedHashMap<>();
            for (Row r : rows) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("value", r.value);
                s.put("source", r.source);
                s.put("sourceKind", r.kind.name());
                s.put("problem", r.problem);
                settings.put(r.name, s);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("valid", invalid.isEmpty());
            m.put("settings", settings);
            m.put("notes", notes);
            context.out.println(Json.pretty(m));
        } else {
            for (Row r : rows) {
                if (r.problem != null) {
                    context.out.printf("%-20s INVALID '%s'%n", r.name, Text.controls(r.value));
                    context.out.printf("%-20s   from %s%n", "", Text.controls(r.source));
                    context.out.printf("%-20s   %s%n", "", Text.controls(r.problem));
                } else {
                    context.out.printf("%-20s %s%n", r.name, Text.controls(r.value));
                    context.out.printf("%-20s   from %s%n", "", Text.controls(r.source));
                }
            }
            for (String note : notes) {
                context.out.println("note: " + Text.controls(note));
            }
        }
        if (!invalid.isEmpty()) {
            context.checkOutput();
            context.err.println("imds: invalid settings: " + String.join(", ", invalid));
            return ExitCode.USAGE;
        }
        return ExitCode.OK;
    }

    /** One setting as printed: the report's entry, or the flag that was refused for it. */
    private record Row(String name, String value, String source, Source.Kind kind,
            String problem) {}

    private static Row row(ConfigReport.Entry e, boolean emulator, Flags flags,
            Map<String, String> flagProblems) {
        String flag = flagOf(e.name(), emulator);
        String problem = flag == null ? null : flagProblems.get(flag.substring(2));
        if (problem == null) {
            return new Row(e.name(), e.value(), source(e, emulator), e.source().kind(),
                    e.problem().orElse(null));
        }
        // the message is '--FLAG: PROBLEM'; the row names the flag already
        String typed = flags.value(flag.substring(2));
        return new Row(e.name(), flag.equals("--" + Flags.ENDPOINT) ? redactUserInfo(typed)
                : Text.escape(typed), "flag " + flag, Source.Kind.BUILDER,
                problem.substring(flag.length() + 2));
    }

    /**
     * An endpoint as typed, escaped, with whatever may be user info shown as {@code
     * <redacted>}, as the client shows it, parseable or not: what stands between the first
     * {@code //} and the last {@code @}; without {@code //}, what follows the first ':' (a
     * scheme's or a password's), or all before the '@' when that ':' starts the value.
     */
    static String redactUserInfo(String endpoint) {
        int at = endpoint.lastIndexOf('@');
        int slashes = endpoint.indexOf("//");
        int colon = endpoint.indexOf(':');
        int from = -1;
        if (at >= 0 && slashes >= 0 && slashes < at) {
            from = slashes;
            while (from < at && endpoint.charAt(from) == '/') {
                from++;
            }
        } else if (at >= 0 && colon >= 0 && colon < at) {
            from = colon + 1;
        }
        return Text.escape(from < 0 ? endpoint
                : endpoint.substring(0, from) + Secrets.REDACTED + endpoint.substring(at));
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
