/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line as GNU and POSIX users expect it: options anywhere, the last of a repeated
 * option wins, exact option names, and one error voice that names the command's own help.
 */
@ImdsEmulatorTest
final class ParsingTest {
    private static final Map<String, String> ENV = CliRun.PATIENT;
    static final String[] COMMANDS = {"get", "ls", "tree", "identity", "region",
        "credentials", "user-data", "tags", "events", "watch", "config", "serve", "completion"};

    private final ImdsEmulator emulator;

    ParsingTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private static Map<String, Object> config(String... args) throws IOException {
        CliRun r = CliRun.run(ENV, args);
        assertThat(r.code()).as(r.stderr()).isZero();
        return JSON.std.mapFrom(r.out());
    }

    // ---- options after the command ----------------------------------------------------------

    @Test
    void versionAndHelp_afterTheCommand_sendNothing() {
        CliRun version = CliRun.run(ENV, "--endpoint", emulator.endpoint().toString(), "region",
                "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("imds ");
        CliRun help = CliRun.run(ENV, "--endpoint", emulator.endpoint().toString(), "region",
                "-h");
        assertThat(help.out()).startsWith("usage: imds region");
        assertThat(emulator.requestCount()).isZero();
    }

    @Test
    void globalAndOwnOptions_beforeOrAfterTheCommand() throws IOException {
        String endpoint = emulator.endpoint().toString();
        for (String[] line : new String[][] {
            {"--endpoint", endpoint, "--json", "region"},
            {"--json", "region", "--endpoint", endpoint},
            {"region", "--json", "--endpoint=" + endpoint}}) {
            CliRun r = CliRun.run(ENV, line);
            assertThat(r.code()).as(String.join(" ", line) + ": " + r.stderr()).isZero();
            assertThat(JSON.std.mapFrom(r.out())).isEqualTo(Map.of("region", "eu-west-1"));
        }
    }

    @Test
    void doubleDash_endsOptions() {
        CliRun r = CliRun.run(ENV, "--endpoint", emulator.endpoint().toString(), "get", "--",
                "--json");
        assertThat(r.code()).isEqualTo(3); // '--json' is a path here: /latest/meta-data/--json
        assertThat(r.stderr()).contains("GET /latest/meta-data/--json");
    }

    // ---- the last one wins --------------------------------------------------------------------

    @Test
    void repeatedGlobalOption_lastWins_acrossTheCommand() throws IOException {
        assertThat(CommandsTest.setting(config("--timeout", "1s", "--timeout", "5s", "config",
                "--json"), "operationTimeout")).containsEntry("value", "5 s");
        assertThat(CommandsTest.setting(config("--timeout", "5s", "config", "--json",
                "--timeout=2s"), "operationTimeout")).containsEntry("value", "2 s");
        assertThat(CommandsTest.setting(config("--endpoint", "http://127.0.0.1:9", "config",
                "--endpoint", "http://127.0.0.1:10", "--json"), "endpoint"))
                .containsEntry("value", "http://127.0.0.1:10");
    }

    @Test
    void repeatedOwnOption_lastWins() {
        CliRun r = CliRun.run(ENV, "--endpoint", emulator.endpoint().toString(), "credentials",
                "--format", "json", "--format", "env");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.out()).startsWith("export AWS_ACCESS_KEY_ID=");
    }

    // ---- exact names; one voice -----------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--time 3s region | unknown option '--time'; did you mean --timeout? (see 'imds --help')",
        "region --time 3s | unknown option '--time'; did you mean --timeout? (see 'imds region "
                + "--help')",
        "--end x region | unknown option '--end'; did you mean --endpoint or --endpoint-mode? "
                + "(see 'imds --help')",
        "--bogus | unknown option '--bogus' (see 'imds --help')",
        "get --bogus ami-id | unknown option '--bogus' (see 'imds get --help')",
        "user-data --json | unknown option '--json' (see 'imds user-data --help')",
        "credentials --form env | unknown option '--form'; did you mean --format? (see 'imds "
                + "credentials --help')",
        "region -x | unknown option '-x' (see 'imds region --help')",
        "region --timeout | --timeout needs a value (see 'imds region --help')",
        "--json=yes region | --json takes no value (see 'imds region --help')",
        "frobnicate | unknown command 'frobnicate' (see 'imds --help')",
        "region extra | region takes no arguments, got 'extra' (see 'imds region --help')",
        "ls a b | ls takes at most 1 argument, got 'b' (see 'imds ls --help')",
        "get | get needs at least one PATH (see 'imds get --help')",
        "--timeout soon region | --timeout: expected a duration such as 500ms, 2s, 1m, 1h or "
                + "2.5 (ASCII digits only, as given), not 'soon' (see 'imds region --help')",
        "serve --emulator | --emulator does not apply to serve, which sends no request to IMDS "
                + "(see 'imds serve --help')",
        "completion --endpoint http://x | --endpoint does not apply to completion, which sends "
                + "no request to IMDS (see 'imds completion --help')"})
    void usageErrors_oneLineNamingTheCommandsHelp_exit2(String line, String message) {
        // the environment names the emulator: a request that slipped out would reach it
        Map<String, String> env = Map.of("AWS_METADATA_SERVICE_TIMEOUT", "30",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString());
        CliRun r = CliRun.run(env, line.trim().split(" "));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: " + message.trim() + "\n");
        assertThat(r.stdout()).isEmpty();
        assertThat(emulator.requestCount()).isZero();
    }

    @Test
    void noCommonsCliTextsEver() {
        String[][] lines = {{"--bogus"}, {"get", "--bogus"}, {"--timeout"}, {"get", "--timeout"},
            {"--json=1", "get"}, {"--ver"}, {"-q"}, {"serve", "--port"}, {"--h"}};
        for (String[] line : lines) {
            CliRun r = CliRun.run(ENV, line);
            assertThat(r.code()).as(String.join(" ", line)).isEqualTo(2);
            assertThat(r.stderr()).as(String.join(" ", line)).startsWith("imds: ")
                    .hasLineCount(1).contains("--help')")
                    .doesNotContain("Unrecognized option").doesNotContain("Missing argument")
                    .doesNotContain("Ambiguous").doesNotContain("try imds");
        }
    }

    // ---- what a flag error shows ---------------------------------------------------------------

    /**
     * No flag error shows a password or a raw control character, with or without --verbose
     * (whose stack trace repeats messages and their causes').
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--endpoint | http://user:hunter2@127.0.0.1:1",
        "--endpoint | http://hunter2@127.0.0.1:1/x",
        "--endpoint | http://u:hunter2@\u001b[2J",
        "--endpoint | http://127.0.0.1:1/\u001b[2J",
        "--endpoint-mode | \u001b[2J",
        "--profile | ' '",
        "--ttl | \u001b[2J",
        "--attempts | \u001b[2J",
        "--timeout | 1\u001b[2J",
        "--read-timeout | \u009b2J",
        "--bogus\u001b[2J | x"})
    void flagErrors_neverShowUserInfoOrRawControlCharacters(String flag, String value) {
        String f = flag.trim();
        String v = value.trim();
        for (boolean verbose : new boolean[] {false, true}) {
            CliRun r = verbose ? CliRun.run(ENV, "-v", f, v, "region")
                    : CliRun.run(ENV, f, v, "region");
            assertThat(r.code()).as(f + " " + v).isEqualTo(2);
            assertThat(r.stderr()).as(f + " " + v).startsWith("imds: ").contains("--")
                    .doesNotContain("hunter2").doesNotContain("\u001b").doesNotContain("\u009b")
                    .doesNotContain("\r");
            if (!verbose) {
                assertThat(r.stderr()).hasLineCount(1);
            }
        }
        assertThat(emulator.requestCount()).isZero();
    }

    @Test
    void endpointError_namesTheFlagOnce_andTheValueRedacted() {
        CliRun r = CliRun.run(ENV, "region", "--endpoint", "http://user:hunter2@127.0.0.1:1");
        assertThat(r.stderr()).isEqualTo("imds: --endpoint: invalid value "
                + "'http://<redacted>@127.0.0.1:1': user info, query and fragment are not allowed "
                + "(see 'imds region --help')\n");
    }

    @Test
    void typedValuesInMessages_escaped() {
        CliRun command = CliRun.run(ENV, "x\u001b[2J");
        assertThat(command.stderr()).isEqualTo("imds: unknown command 'x\\x1b[2J' "
                + "(see 'imds --help')\n");
        CliRun extra = CliRun.run(ENV, "region", "\u001b]0;t\u0007");
        assertThat(extra.stderr()).isEqualTo("imds: region takes no arguments, got "
                + "'\\x1b]0;t\\x07' (see 'imds region --help')\n");
        CliRun format = CliRun.run(ENV, "credentials", "--format", "\u001b[2J");
        assertThat(format.stderr()).startsWith("imds: --format: expected json, env or "
                + "credential-process, not '\\x1b[2J'");
    }

    // ---- option values exactly as given ---------------------------------------------------------

    @Test
    void quotesInOptionValues_kept() throws IOException {
        assertThat(CommandsTest.setting(config("--profile", "\"p\"", "config", "--json"),
                "profile")).containsEntry("value", "\"p\"");
        assertThat(CommandsTest.setting(config("config", "--json", "--profile=\"q\""),
                "profile")).containsEntry("value", "\"q\"");
        // a quoted endpoint is not an endpoint: it is refused, not unquoted and used
        CliRun quoted = CliRun.run(ENV, "--endpoint", "\"" + emulator.endpoint() + "\"",
                "region");
        assertThat(quoted.code()).isEqualTo(2);
        assertThat(quoted.stderr()).startsWith("imds: --endpoint: invalid value '\"http://");
        CliRun role = CliRun.run(ENV, "--endpoint", emulator.endpoint().toString(),
                "credentials", "--role", "\"imds4j-demo-role\"");
        assertThat(role.code()).isEqualTo(3);
        assertThat(role.stderr()).startsWith("imds: no credentials for --role "
                + "'\"imds4j-demo-role\"'");
    }

    // ---- numbers --------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--attempts x | --attempts: expected a whole number (ASCII digits only, as given), not 'x'",
        "--attempts 1.5 | --attempts: expected a whole number (ASCII digits only, as given), "
                + "not '1.5'",
        "--attempts 0 | --attempts: invalid value '0': must be 1 to 20",
        "--attempts 99999999999 | --attempts: invalid value '99999999999': must be 1 to 20",
        "--attempts \u0663 | --attempts: expected a whole number (ASCII digits only, as given), "
                + "not '\u0663'",
        "--timeout \u0661 | --timeout: expected a duration such as 500ms, 2s, 1m, 1h or 2.5 "
                + "(ASCII digits only, as given), not '\u0661'",
        "--ttl \u0661\u0662 | --ttl: expected a duration such as 500ms, 2s, 1m, 1h or 2.5 "
                + "(ASCII digits only, as given), not '\u0661\u0662'",
        "--timeout 0.0001 | --timeout: invalid value '0.0001': must be 1 ms to 1 hour",
        "--connect-timeout 99999999999999h | --connect-timeout: expected a duration such as "
                + "500ms, 2s, 1m, 1h or 2.5 (ASCII digits only, as given), not "
                + "'99999999999999h'"})
    void numbers_asciiDigitsOnly_rangeFromTheBuilder(String line, String message) {
        String[] words = line.trim().split(" ");
        CliRun r = CliRun.run(ENV, words[0], words[1], "region");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: " + message.trim()
                + " (see 'imds region --help')\n");
        assertThat(r.stderr()).doesNotContain("2147483647");
    }

    @Test
    void numbersAndDurations_takenExactlyAsGiven_noSignSpaceOrControl() {
        String[][] cases = {{"--attempts", "+3"}, {"--attempts", " 3"}, {"--attempts", "3 "},
            {"--attempts", "3\u001f"}, {"--attempts", "-1"}, {"--attempts", "\u00a03"},
            {"--ttl", "1\u001b"}, {"--ttl", " 60"}, {"--ttl", "+60"}, {"--timeout", "\u00015s"},
            {"--timeout", "5s "}, {"--timeout", ".5"}, {"--timeout", "5."}, {"--timeout", "-5s"},
            {"--read-timeout", "1\ts"}, {"--connect-timeout", "1 s"}};
        for (String[] c : cases) {
            CliRun r = CliRun.run(ENV, c[0], c[1], "region");
            assertThat(r.code()).as(c[0] + " '" + c[1] + "'").isEqualTo(2);
            assertThat(r.stderr()).as(c[0] + " '" + c[1] + "'").startsWith("imds: " + c[0]
                    + ": expected a ").contains("(ASCII digits only, as given), not '");
        }
        for (String port : new String[] {"+1338", " 0", "0\u001b", " 0\u001b", "-0", "0 "}) {
            CliRun r = CliRun.run(Map.of(), "serve", "--port", port);
            assertThat(r.code()).as("'" + port + "'").isEqualTo(2);
            assertThat(r.stderr()).as("'" + port + "'").startsWith("imds: --port: expected a "
                    + "whole number from 0 to 65535 (ASCII digits only, as given), not '");
        }
    }

    @Test
    void serve_portInOtherDigits_refused() {
        CliRun r = CliRun.run(Map.of(), "serve", "--port", "\u0661\u0663\u0663\u0668");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("imds: --port: expected a whole number from 0 to "
                + "65535");
    }

    // ---- empty paths ----------------------------------------------------------------------------

    @Test
    void emptyPath_usageError_sendsNothing() {
        String endpoint = emulator.endpoint().toString();
        CliRun get = CliRun.run(ENV, "--endpoint", endpoint, "get", "");
        assertThat(get.code()).isEqualTo(2);
        assertThat(get.stderr()).isEqualTo("imds: get: PATH must not be empty "
                + "(see 'imds get --help')\n");
        CliRun second = CliRun.run(ENV, "--endpoint", endpoint, "get", "ami-id", "");
        assertThat(second.code()).isEqualTo(2);
        assertThat(second.stdout()).isEmpty();
        for (String command : new String[] {"ls", "tree"}) {
            CliRun r = CliRun.run(ENV, "--endpoint", endpoint, command, "");
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.stderr()).as(command).startsWith("imds: " + command
                    + ": PATH must not be empty");
        }
        assertThat(emulator.requestCount()).isZero();
    }

    // ---- the dispatcher knows every option ------------------------------------------------------

    @Test
    void everyOption_isKnownToTheDispatcher_withItsArity() {
        List<Option> all = new ArrayList<>(Flags.globalOptions().getOptions());
        for (String name : COMMANDS) {
            all.addAll(Cli.command(name).options().getOptions());
        }
        for (Option o : all) {
            String name = o.getLongOpt();
            assertThat(Flags.takesValue(name)).as("--" + name + " takes a value")
                    .isEqualTo(o.hasArg());
            assertThat(Flags.isFlag(name)).as("--" + name + " is a flag").isEqualTo(!o.hasArg());
        }
    }

    @Test
    void commandIndex_skipsOptionsAndTheirValues() {
        assertThat(Cli.commandIndex(new String[] {"--endpoint", "get", "ls"})).isEqualTo(2);
        assertThat(Cli.commandIndex(new String[] {"--endpoint=x", "get"})).isEqualTo(1);
        assertThat(Cli.commandIndex(new String[] {"-v", "--json", "tags"})).isEqualTo(2);
        assertThat(Cli.commandIndex(new String[] {"--", "get"})).isEqualTo(1);
        assertThat(Cli.commandIndex(new String[] {"--verbose"})).isEqualTo(-1);
    }
}
