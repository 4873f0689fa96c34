package dev.imds4j.cli;

import java.math.BigDecimal;
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

    /** An option's value as a whole number within a range, or null when absent. */
    Integer integer(String longOpt, int min, int max) {
        String v = value(longOpt);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + longOpt + ": expected a whole number from " + min
                + " to " + max + ", not '" + v + "'");
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or plain seconds ({@code 2.5}).
     */
    static Duration parseDuration(String flag, String text) {
        String t = text.trim();
        int unit = 0;
        while (unit < t.length() && (Character.isDigit(t.charAt(unit)) || t.charAt(unit) == '.')) {
            unit++;
        }
        try {
            if (unit == 0 || unit > 15) {
                throw new NumberFormatException();
            }
            BigDecimal amount = new BigDecimal(t.substring(0, unit));
            BigDecimal millis;
            switch (t.substring(unit)) {
                case "ms" -> millis = amount;
                case "", "s" -> millis = amount.movePointRight(3);
                case "m" -> millis = amount.multiply(BigDecimal.valueOf(60_000));
                case "h" -> millis = amount.multiply(BigDecimal.valueOf(3_600_000));
                default -> throw new NumberFormatException();
            }
            return Duration.ofMillis(millis.longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(flag + ": not a duration: '" + text
                    + "' (examples: 500ms, 2s, 1m, 1h, 2.5)");
        }
    }
}
