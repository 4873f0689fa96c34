/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion script in a real interactive bash, in a pseudo-terminal, as a person uses it:
 * each case types a line, presses TAB (or M-* to insert every candidate), then turns the
 * completed line into output with {@code printf 'R<%s>\n'}, so the test reads exactly what
 * readline made of the line, trailing space included. Every case names the class's emulator
 * with --endpoint, so the live listings it triggers stay on this machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
@ImdsEmulatorTest
final class CompletionShellTest {
    private static final Pattern RESULT = Pattern.compile("R<([^%>\n]*)>\n");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path dir;
    private ImdsEmulator emulator;
    private Shell bash;
    private String endpoint;
    private int results;

    @BeforeAll
    void startBash(@TempDir Path dir, ImdsEmulator emulator) throws Exception {
        this.dir = dir;
        this.emulator = emulator;
        endpoint = emulator.endpoint().toString();
        Shell.installImds(dir);
        bash = Shell.pty(dir, Shell.environment(dir), "bash --norc --noprofile -i");
        bash.type("stty cols 4000; PS1='P> '; bind 'set enable-bracketed-paste off'\r");
        // C-x p prints the line being edited, whatever quotes it holds, and clears it
        bash.type("bind -x '\"\\C-xp\": printf \"R<%s>\\\\n\" \"$READLINE_LINE\"; "
                + "READLINE_LINE=; READLINE_POINT=0'\r");
        // C-x q prints it as printf %q writes it: for lines that hold a line feed
        bash.type("bind -x '\"\\C-xq\": printf \"R<%q>\\\\n\" \"$READLINE_LINE\"; "
                + "READLINE_LINE=; READLINE_POINT=0'\r");
        bash.type("source <(imds completion); printf 'R<%s>\\n' loaded\r");
        assertThat(next()).isEqualTo("loaded");
    }

    @AfterAll
    void stop() throws Exception {
        if (bash != null) {
            bash.type("exit\r");
            bash.exit(WAIT);
            bash.close();
        }
    }

    /** Types {@code keys} at an empty prompt and returns the line as completed. */
    private String complete(String keys) throws Exception {
        bash.type(keys + "\u0001printf 'R<%s>\\n' '\u0005'\r");
        return next();
    }

    /**
     * Types {@code keys} at an empty prompt and returns the line as completed, read by readline
     * itself: for lines with quotes of their own, which the printf of {@link #complete} would
     * break.
     */
    private String completeQuoted(String keys) throws Exception {
        bash.type(keys + "\u0018p");
        return next();
    }

    private String next() throws InterruptedException {
        return bash.await(RESULT, ++results, WAIT, "completed line #" + results);
    }

    private String imds() {
        return "imds --endpoint " + endpoint + " ";
    }

    @Test
    void commandAfterAUrl() throws Exception {
        assertThat(complete(imds() + "ge\t")).isEqualTo(imds() + "get ");
        assertThat(complete(imds() + "--verbose tr\t")).isEqualTo(imds() + "--verbose tree ");
    }

    @Test
    void ownOptionAfterAUrl() throws Exception {
        assertThat(complete(imds() + "credentials --f\t"))
                .isEqualTo(imds() + "credentials --format ");
        assertThat(complete(imds() + "credentials --format c\t"))
                .isEqualTo(imds() + "credentials --format credential-process ");
    }

    @Test
    void optionEqualsValue_urlAndValue() throws Exception {
        String line = "imds --endpoint=" + endpoint + " credentials --format=e\t";
        assertThat(complete(line)).isEqualTo("imds --endpoint=" + endpoint
                + " credentials --format=env ");
        assertThat(complete(imds() + "--endpoint-mode I\u001b*"))
                .isEqualTo(imds() + "--endpoint-mode IPv4 IPv6 ");
    }

    /** The script's option lists against the command's own: M-* inserts every candidate. */
    @Test
    void everyCommand_offersExactlyItsOptions() throws Exception {
        for (String name : ParsingTest.COMMANDS) {
            Command command = Cli.command(name);
            Set<String> expected = new TreeSet<>();
            for (Option o : command.options().getOptions()) {
                expected.add("--" + o.getLongOpt());
            }
            for (Option o : Flags.globalOptions().getOptions()) {
                String option = "--" + o.getLongOpt();
                if (command.usesClient() || Arrays.asList("--verbose", "--version", "--help")
                        .contains(option)) {
                    expected.add(option);
                }
            }
            String prefix = imds() + name + " ";
            String line = complete(prefix + "-\u001b*");
            assertThat(line).as(name).startsWith(prefix);
            assertThat(new TreeSet<>(Arrays.asList(line.substring(prefix.length()).trim()
                    .split(" ")))).as(name).isEqualTo(expected);
        }
    }

    @Test
    void folder_noTrailingSpace_valueGetsOne() throws Exception {
        assertThat(complete(imds() + "get plac\t")).isEqualTo(imds() + "get placement/");
        assertThat(complete(imds() + "get placement/reg\t"))
                .isEqualTo(imds() + "get placement/region ");
        assertThat(complete(imds() + "get /lat\t")).isEqualTo(imds() + "get /latest/");
        assertThat(complete(imds() + "get /latest/dyn\t"))
                .isEqualTo(imds() + "get /latest/dynamic/");
        assertThat(complete(imds() + "get /latest/dynamic/instance-identity/doc\t"))
                .isEqualTo(imds() + "get /latest/dynamic/instance-identity/document ");
    }

    @Test
    void ls_offersFoldersOnly_getOffersValuesToo() throws Exception {
        String ls = complete(imds() + "ls \u001b*");
        assertThat(ls).startsWith(imds() + "ls ");
        String[] offered = ls.substring((imds() + "ls ").length()).trim().split(" ");
        assertThat(offered).contains("placement/", "iam/", "network/", "tags/")
                .allMatch(name -> name.endsWith("/"));
        assertThat(complete(imds() + "ls ami\t")).isEqualTo(imds() + "ls ami");
        assertThat(complete(imds() + "tree iam/\u001b*")).isEqualTo(imds()
                + "tree iam/security-credentials-extended/ iam/security-credentials/ ");
        assertThat(complete(imds() + "get ami\u001b*")).isEqualTo(imds()
                + "get ami-id ami-launch-index ami-manifest-path ");
    }

    @Test
    void instanceSpecificFolders_listedLive() throws Exception {
        assertThat(complete(imds() + "get iam/security-credentials/\t"))
                .isEqualTo(imds() + "get iam/security-credentials/imds4j-demo-role ");
        assertThat(complete(imds() + "get network/interfaces/macs/\t"))
                .isEqualTo(imds() + "get network/interfaces/macs/0e:49:61:0f:c3:11/");
        assertThat(complete(imds() + "get network/interfaces/macs/0e:49:61:0f:c3:11/own\t"))
                .isEqualTo(imds() + "get network/interfaces/macs/0e:49:61:0f:c3:11/owner-id ");
        assertThat(complete(imds() + "ls /latest/meta-data/tags/instance/\u001b*"))
                .isEqualTo(imds() + "ls /latest/meta-data/tags/instance/");
    }

    @Test
    void configFiles_oneCandidateEach_neverSplitOrGlobbed() throws Exception {
        Path files = Files.createDirectories(dir.resolve("cdir"));
        Files.writeString(files.resolve("my config.json"), "{}");
        Files.writeString(files.resolve("a*b.json"), "{}");
        Files.writeString(files.resolve("aXb.json"), "{}");
        Files.writeString(files.resolve("$(touch PWNCFG).json"), "{}");
        assertThat(complete("imds serve --config cdir/my\t"))
                .isEqualTo("imds serve --config cdir/my\\ config.json ");
        assertThat(complete("imds serve --config=cdir/my\t"))
                .isEqualTo("imds serve --config=cdir/my\\ config.json ");
        assertThat(complete("imds serve --config cdir/a*\t"))
                .isEqualTo("imds serve --config cdir/a\\*b.json ");
        assertThat(completeQuoted("imds serve --config 'cdir/my c\t"))
                .isEqualTo("imds serve --config 'cdir/my config.json' ");
        assertThat(complete("imds serve --config cdir/\\$\t"))
                .isEqualTo("imds serve --config cdir/\\$\\(touch\\ PWNCFG\\).json ");
        assertThat(dir.resolve("PWNCFG")).doesNotExist();
    }

    @Test
    void configFileWithALineFeed_isOneCandidate() throws Exception {
        Path files = Files.createDirectories(dir.resolve("lf"));
        Files.writeString(files.resolve("new\nline.json"), "{}");
        bash.type("imds serve --config lf/ne\t\u0018q");
        assertThat(next()).isEqualTo("$'imds serve --config \\'lf/new\\nline.json\\' '");
    }

    @Test
    void configFileAfterQuotes_completesTheFileTyped() throws Exception {
        Path files = Files.createDirectories(dir.resolve("qt"));
        Files.writeString(files.resolve("quote'.json"), "{}");
        Files.createDirectories(files.resolve("c:d"));
        Files.writeString(files.resolve("c:d").resolve("x.json"), "{}");
        // readline replaces only what follows the quote left open, or a ':'
        assertThat(completeQuoted("imds serve --config 'qt/quote'\\''\t"))
                .isEqualTo("imds serve --config 'qt/quote'\\''.json' ");
        assertThat(completeQuoted("imds serve --config qt/qu'ote'\\'.\t"))
                .isEqualTo("imds serve --config qt/quote\\'.json ");
        assertThat(completeQuoted("imds serve --config \"qt/quote'\t"))
                .isEqualTo("imds serve --config \"qt/quote'.json\" ");
        assertThat(completeQuoted("imds serve --config qt/c:\t"))
                .isEqualTo("imds serve --config qt/c:d/");
        assertThat(completeQuoted("imds serve --config qt/c:'d/\t"))
                .isEqualTo("imds serve --config qt/c:'d/x.json' ");
    }

    @Test
    void endpointInQuotes_dequotedForTheLiveListing() throws Exception {
        for (String option : new String[] {"--endpoint '" + endpoint + "'",
            "--endpoint \"" + endpoint + "\"", "--endpoint='" + endpoint + "'"}) {
            String line = "imds " + option + " get iam/security-credentials/";
            assertThat(completeQuoted(line + "\t")).as(option)
                    .isEqualTo(line + "imds4j-demo-role ");
        }
    }

    @Test
    void publicKeys_completeToTheFolder_notTheKeyName() throws Exception {
        assertThat(complete(imds() + "get public-keys/\t"))
                .isEqualTo(imds() + "get public-keys/0/");
    }

    @Test
    void namesLsMustEscape_notOffered() throws Exception {
        // ls writes these escaped (\\, \x9b): no completion of its line names the entry
        emulator.put("/latest/meta-data/tags/instance/back\\slash", "x");
        emulator.put("/latest/meta-data/tags/instance/csi\u009b31mred", "y");
        emulator.put("/latest/meta-data/tags/instance/<lt", "z"); // ls: \x3clt
        assertThat(complete(imds() + "get tags/instance/\u001b*"))
                .isEqualTo(imds() + "get tags/instance/Environment tags/instance/Name ");
    }

    @Test
    void hostileNamesFromImds_areQuotedNeverRun() throws Exception {
        // the emulator takes no spaces in paths; ${IFS} stands for one in the shell
        emulator.put("/latest/meta-data/tags/instance/$(touch${IFS}pwned)", "x");
        emulator.put("/latest/meta-data/tags/instance/`touch${IFS}pwned2`", "y");
        String line = complete(imds() + "get tags/instance/\u001b*");
        assertThat(line).contains("tags/instance/\\$\\(touch\\$\\{IFS\\}pwned\\)")
                .contains("tags/instance/\\`touch\\$\\{IFS\\}pwned2\\`");
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(dir.resolve("pwned2")).doesNotExist();
    }
}
