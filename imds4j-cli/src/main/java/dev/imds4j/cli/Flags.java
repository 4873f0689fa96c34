/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The parsed command line: global options and the command's own, given anywhere on the line,
 * and the command's arguments. A repeated option's last value wins, as in GNU and POSIX tools,
 * so that a wrapper or alias can set a default that a later flag overrides.
 */
final class Flags {
    static final String ENDPOINT = "endpoint";
    static final String ENDPOINT_MODE = "endpoint-mode";
    static final String PROFILE = "profile";
    static final String TTL = "ttl";
    static final String ATTEMPTS = "attempts";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String READ_TIMEOUT = "read-timeout";
    static final String TIMEOUT = "timeout";
    static final String EMULATOR = "emulator";
    static final String VERBOSE = "verbose";
    static final String VERSION = "version";
    static final String HELP = "help";
    static final String JSON = "json";
    static final String SHOW_SECRETS = "show-secrets";

    /** The global options that configure the client; meaningless to commands that send nothing. */
    static final String[] CLIENT_OPTIONS = {ENDPOINT, ENDPOINT_MODE, PROFILE, TTL, ATTEMPTS,
        CONNECT_TIMEOUT, READ_TIMEOUT, TIMEOUT, EMULATOR};

    private final CommandLine line;

    Flags(CommandLine line) {
        this.line = line;
    }

    /** The options every command accepts. */
    static Options globalOptions() {
        Options o = new Options();
        o.addOption(valued(ENDPOINT, "URI"));
        o.addOption(valued(ENDPOINT_MODE, "MODE"));
        o.addOption(valued(PROFILE, "NAME"));
        o.addOption(valued(TTL, "DURATION"));
        o.addOption(valued(ATTEMPTS, "N"));
        o.addOption(valued(CONNECT_TIMEOUT, "DURATION"));
        o.addOption(valued(READ_TIMEOUT, "DURATION"));
        o.addOption(valued(TIMEOUT, "DURATION"));
        o.addOption(flag(EMULATOR));
        o.addOption(Option.builder("v").longOpt(VERBOSE).get());
        o.addOption(flag(VERSION));
        o.addOption(Option.builder("h").longOpt(HELP).get());
        return o;
    }

    /**
     * Whether a long option of any command takes a value, which tells the dispatcher that the
     * next word is that value and not the command. {@code FlagsTest} checks it against every
     * command's options.
     */
    static boolean takesValue(String longOpt) {
        switch (longOpt) {
            case ENDPOINT, ENDPOINT_MODE, PROFILE, TTL, ATTEMPTS, CONNECT_TIMEOUT, READ_TIMEOUT,
                    TIMEOUT, "role", "format", "interval", "port", "host", "config", "spot-in",
                    "spot-action", "rebalance-in", "maintenance-in", "terminate-in", "feature",
                    "throttle-rate", "throttle-concurrency", "throttle-mode":
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether a long option of any command takes no value; with {@link #takesValue}, every
     * option there is. {@code FlagsTest} checks both against every command's options.
     */
    static boolean isFlag(String longOpt) {
        switch (longOpt) {
            case EMULATOR, VERBOSE, VERSION, HELP, JSON, SHOW_SECRETS, "decompress",
                    "exit-on-notice", "log", "imdsv1":
                return true;
            default:
                return false;
        }
    }

    static Option valued(String longOpt, String argName) {
        return Option.builder().longOpt(longOpt).hasArg().argName(argName).get();
    }

    static Option flag(String longOpt) {
        return Option.builder().longOpt(longOpt).get();
    }

    boolean has(String longOpt) {
        return line.hasOption(longOpt);
    }

    /** The option's last value on the line, or null when absent. */
    String value(String longOpt) {
        String[] values = line.getOptionValues(longOpt);
        return values == null || values.length == 0 ? null : values[values.length - 1];
    }

    /** Every value of a repeatable option, in order; empty when absent. */
    List<String> values(String longOpt) {
        String[] values = line.getOptionValues(longOpt);
        return values == null ? List.of() : List.of(values);
    }

    /** The command's positional arguments. */
    List<String> args() {
        return line.getArgList();
    }

    /** An option's value as a duration, or null when absent. */
    Duration duration(String longOpt) {
        String v = value(longOpt);
        return v == null ? null : parseDuration("--" + longOpt, v);
    }

    /**
     * An option's value as a whole number whose range someone else checks (the client's
     * builder), or null when absent. One beyond {@code int} comes back as {@code int}'s limit,
     * which no range allows.
     */
    Integer integer(String longOpt) {
        String v = value(longOpt);
        if (v == null) {
            return null;
        }
        if (v.isEmpty() || !digits(v, 0, v.length())) {
            throw new UsageException(notA(longOpt, "a whole number", v));
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException tooLarge) {
            return Integer.MAX_VALUE;
        }
    }

    /** An option's value as a whole number within a range, or null when absent. */
    Integer integer(String longOpt, int min, int max) {
        String v = value(longOpt);
        if (v == null) {
            return null;
        }
        if (!v.isEmpty() && v.length() <= 10 && digits(v, 0, v.length())) {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return (int) n;
            }
        }
        throw new UsageException(notA(longOpt, "a whole number from " + min + " to " + max, v));
    }

    /**
     * The one message for a number or duration flag whose value is not one: every such flag
     * takes its value exactly as given, in ASCII digits, with no sign, space or other
     * character around it.
     */
    private static String notA(String longOpt, String expected, String value) {
        return (longOpt.startsWith("--") ? longOpt : "--" + longOpt) + ": expected "
                + expected + " (ASCII digits only, as given), not " + Text.quote(value);
    }

    /**
     * Whether {@code text} holds only ASCII digits from {@code from} to {@code to}: Java's
     * number parsers also take other scripts' digits (Arabic-Indic, Devanagari, ...), which
     * no shell script means.
     */
    static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long tenTo(int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or plain seconds ({@code 2.5}):
     * ASCII digits, optionally {@code .} and more digits, then the unit, exactly as given.
     */
    static Duration parseDuration(String flag, String text) {
        int unit = 0;
        while (unit < text.length() && ((text.charAt(unit) >= '0' && text.charAt(unit) <= '9')
                || text.charAt(unit) == '.')) {
            unit++;
        }
        try {
            if (unit == 0 || unit > 15) {
                throw new NumberFormatException();
            }
            // By hand: BigDecimal's class initialiser costs a cold JVM milliseconds.
            String number = text.substring(0, unit);
            int dot = number.indexOf('.');
            if (dot != number.lastIndexOf('.') || dot == 0 || dot == number.length() - 1) {
                throw new NumberFormatException();
            }
            String whole = dot < 0 ? number : number.substring(0, dot);
            String fraction = dot < 0 ? "" : number.substring(dot + 1);
            // the unit in milliseconds, as small * 10^zeros
            int small;
            int zeros;
            switch (text.substring(unit)) {
                case "ms" -> { small = 1; zeros = 0; }
                case "", "s" -> { small = 1; zeros = 3; }
                case "m" -> { small = 6; zeros = 4; }
                case "h" -> { small = 36; zeros = 5; }
                default -> throw new NumberFormatException();
            }
            // whole and fraction each hold at least one digit: the dot is neither first nor last
            long millis = Math.multiplyExact(Long.parseLong(whole), small * tenTo(zeros));
            if (!fraction.isEmpty()) {
                // below 10^14 * 36: no overflow; rounded down, as the whole is
                long f = Long.parseLong(fraction) * small;
                int shift = zeros - fraction.length();
                millis = Math.addExact(millis, shift >= 0 ? f * tenTo(shift) : f / tenTo(-shift));
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(notA(flag, "a duration such as 500ms, 2s, 1m, 1h or 2.5",
                    text));
        }
    }
}
