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
        "--timeout soon region | --timeout: not a duration: 'soon' (examples: 500ms, 2s, 1m, 1h, "
                + "2.5) (see 'imds region --help')",
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
