/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS config file as botocore reads it. Each row is a file and what botocore makes of it:
 * the profiles and their keys, or (where botocore refuses the whole file) the profile whose
 * section holds the problem. {@code matchesBotocore} runs the same rows through Python's
 * configparser and botocore's profile mapping ({@code botocore_profiles.py}) and compares.
 */
@Timeout(60)
final class ProfileFileTest {
    /** A file, the profiles botocore finds in it, and the profile blamed for a problem. */
    private record Row(String name, String text, Map<String, Map<String, String>> profiles,
            String broken) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Row row(String name, String text, Map<String, Map<String, String>> profiles) {
        return new Row(name, text, profiles, null);
    }

    private static Row broken(String name, String text, String profile,
            Map<String, Map<String, String>> others) {
        return new Row(name, text, others, profile);
    }

    static List<Row> rows() {
        return List.of(
                row("colon delimiter", "[default]\nkey: value\n",
                        Map.of("default", Map.of("key", "value"))),
                row("quoted profile name", "[profile \"my prof\"]\na = 1\n",
                        Map.of("my prof", Map.of("a", "1"))),
                row("single-quoted profile name", "[profile 'q p']\na=1\n",
                        Map.of("q p", Map.of("a", "1"))),
                row("spaces inside brackets are part of the name", "[ default ]\na = 1\n",
                        Map.of()),
                row("spaces around the profile name", "[profile  spaced  ]\na=1\n",
                        Map.of("spaced", Map.of("a", "1"))),
                row("indented keys that line up", "[default]\n  a = 1\n  b = 2\n",
                        Map.of("default", Map.of("a", "1", "b", "2"))),
                row("tabs around key and value", "[default]\n\ta\t=\t1\t\n",
                        Map.of("default", Map.of("a", "1"))),
                row("no inline comments", "[default]\na = 1 # c\nb = 2 ; d\n",
                        Map.of("default", Map.of("a", "1 # c", "b", "2 ; d"))),
                row("comment after a section header", "[default] ; comment\na=1\n",
                        Map.of("default", Map.of("a", "1"))),
                row("full-line comments, indented too",
                        "# top\n[default]\n  # comment\na = 1\n  ; c2\n  more\n",
                        Map.of("default", Map.of("a", "1\nmore"))),
                row("continuation lines", "[default]\na = 1\n  continued\n",
                        Map.of("default", Map.of("a", "1\ncontinued"))),
                row("a blank line inside a continued value", "[default]\na = 1\n\n  b\n",
                        Map.of("default", Map.of("a", "1\n\nb"))),
                row("nested sub-section value", "[default]\ns3 =\n  max = 10\n",
                        Map.of("default", Map.of("s3", "\nmax = 10"))),
                row("an indented header continues a value",
                        "[profile x]\na = 1\n   [default]\nb = 2\n",
                        Map.of("x", Map.of("a", "1\n[default]", "b", "2"))),
                row("first delimiter splits", "[default]\na = x = y\nb: c = d\nc = e: f\n",
                        Map.of("default", Map.of("a", "x = y", "b", "c = d", "c", "e: f"))),
                row("keys are lower-cased", "[default]\nA_Key = v\n",
                        Map.of("default", Map.of("a_key", "v"))),
                row("profile default after default wins",
                        "[default]\na=1\nb=1\n[profile default]\na=2\n",
                        Map.of("default", Map.of("a", "2"))),
                row("default after profile default wins",
                        "[profile default]\na=2\n[default]\na=1\n",
                        Map.of("default", Map.of("a", "1"))),
                row("two words starting with profile", "[profilefoo bar]\na=1\n",
                        Map.of("bar", Map.of("a", "1"))),
                row("three words are no profile", "[profile a b]\nx=1\n", Map.of()),
                row("an unclosed quote is no profile", "[profile \"unclosed]\na=1\n", Map.of()),
                row("other sections are not profiles",
                        "[sso-session s]\na=1\n[services x]\nb=2\n[dev]\nc=3\n", Map.of()),
                row("DEFAULT keys apply to every profile",
                        "[DEFAULT]\nregion = x\n[profile p]\na = 1\n",
                        Map.of("p", Map.of("a", "1", "region", "x"))),
                row("CRLF and CR line ends", "[default]\r\na = 1\r\n[profile c]\rb = 2\r",
                        Map.of("default", Map.of("a", "1"), "c", Map.of("b", "2"))),
                row("a backslash before $ in quotes stays (shlex)", "[profile \"a\\$b\"]\nx=1\n",
                        Map.of("a\\$b", Map.of("x", "1"))),
                broken("an indented value under an empty key that is not key = value",
                        "[profile p]\nregion =\n  us-east-1\n[default]\nb=1\n", "p",
                        Map.of("default", Map.of("b", "1"))),
                broken("a line that is nothing", "[default]\nnonsense\n[profile ok]\na=1\n",
                        "default", Map.of("ok", Map.of("a", "1"))),
                broken("a key twice", "[profile p]\na=1\na=2\n[default]\nb=1\n", "p",
                        Map.of("default", Map.of("b", "1"))),
                broken("a section twice", "[default]\na=1\n[default]\nb=2\n", "default",
                        Map.of()),
                broken("no key name", "[profile p]\n= 1\n", "p", Map.of()),
                broken("lines before any section", "a = 1\n[default]\nb = 2\n", null,
                        Map.of("default", Map.of("b", "2"))));
    }

    static Stream<Arguments> cases() {
        return rows().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse_asBotocore(Row row) {
        ProfileFile f = ProfileFile.parse(row.text(), "cfg");

        // every name a header could give is a profile exactly when the row says so, which
        // checks the rows that expect no profile at all too
        for (String name : headerNames(row.text())) {
            assertThat(f.has(name)).as("profile '%s'", name)
                    .isEqualTo(row.profiles().containsKey(name) || name.equals(row.broken()));
        }
        for (Map.Entry<String, Map<String, String>> p : row.profiles().entrySet()) {
            assertThat(f.has(p.getKey())).as("profile " + p.getKey()).isTrue();
            assertThat(f.problem(p.getKey())).as("problem of " + p.getKey()).isNull();
            for (Map.Entry<String, String> kv : p.getValue().entrySet()) {
                assertThat(f.get(p.getKey(), kv.getKey())).as(p.getKey() + "." + kv.getKey())
                        .isEqualTo(kv.getValue());
            }
        }
        if (row.broken() != null) {
            assertThat(f.problem(row.broken())).startsWith("AWS config file cfg, line ");
            assertThatThrownBy(() -> f.get(row.broken(), "a"))
                    .isInstanceOf(ImdsConfigurationException.class)
                    .hasMessageStartingWith("AWS config file cfg, line ");
        }
    }

    /**
     * The names a section header in {@code text} could stand for: what is inside the brackets,
     * trimmed or not, each word of it, and each word without quotes.
     */
    private static Set<String> headerNames(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\r\n|\r|\n")) {
            int open = line.indexOf('[');
            int close = line.indexOf(']', open + 1);
            if (open < 0 || close < 0) {
                continue;
            }
            String inside = line.substring(open + 1, close);
            names.add(inside);
            names.add(inside.strip());
            for (String word : inside.strip().split("\\s+")) {
                names.add(word);
                names.add(word.replaceAll("^[\"']|[\"']$", ""));
            }
        }
        names.remove("");
        return names;
    }

    @Test
    void parse_keyLookup_isCaseInsensitive() {
        assertThat(ProfileFile.parse("[default]\nKey = v\n", "cfg").get("default", "KEY"))
                .isEqualTo("v");
    }

    @Test
    void parse_problemsName_theLine() {
        ProfileFile f = ProfileFile.parse("[default]\na = 1\n\nnonsense\n", "cfg");
        assertThat(f.problem("default")).isEqualTo("AWS config file cfg, line 4: expected "
                + "'key = value', a [section] header, or a comment");
        ProfileFile dup = ProfileFile.parse("[profile p]\na=1\nA=2\n", "cfg");
        assertThat(dup.problem("p")).isEqualTo("AWS config file cfg, line 3: key a appears "
                + "twice in the section");
    }

    @Test
    void shellSplit_asPythonShlex() {
        assertThat(ProfileFile.shellSplit("profile \"a b\"")).containsExactly("profile", "a b");
        assertThat(ProfileFile.shellSplit("profile a\\ b")).containsExactly("profile", "a b");
        assertThat(ProfileFile.shellSplit("profile \"a\\\"b\"")).containsExactly("profile",
                "a\"b");
        assertThat(ProfileFile.shellSplit("profile 'a\\b'")).containsExactly("profile", "a\\b");
        assertThat(ProfileFile.shellSplit("profile x\"y z\"")).containsExactly("profile", "xy z");
        assertThat(ProfileFile.shellSplit("profile \"\"")).containsExactly("profile", "");
        assertThat(ProfileFile.shellSplit("profile 'open")).isNull();
        assertThat(ProfileFile.shellSplit("profile x\\")).isNull();
    }

    @Test
    void load_missingFile_empty(@TempDir Path dir) {
        assertThat(ProfileFile.load(dir.resolve("none")).get("default", "x")).isNull();
    }

    @Test
    void load_notUtf8_failsOnUseNamingFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.write(file, new byte[] {'[', 'd', ']', '\n', (byte) 0xff, '=', '1'});
        ProfileFile f = ProfileFile.load(file);
        assertThatThrownBy(() -> f.get("default", "x"))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessage("AWS config file " + file + " is not UTF-8 text");
    }

    @Test
    void load_directory_ignoredWithANote_asBotocoreDoes(@TempDir Path dir) {
        ProfileFile f = ProfileFile.load(dir);
        assertThat(f.get("default", "x")).isNull();
        assertThat(f.notes()).singleElement().asString().contains("is not a regular file");
    }

    /**
     * The same rows through Python's configparser and botocore's mapping: where botocore reads
     * the file, every profile and key agree; where it refuses the file, this parser blames a
     * section. Needs python3 (present on every machine that builds this project).
     */
    @Test
    void matchesBotocore(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(python3(), "python3 is not installed");
        Path script = Path.of("src/test/resources/botocore_profiles.py").toAbsolutePath();
        List<String> files = new ArrayList<>();
        for (Row row : rows()) {
            Path file = dir.resolve("config-" + files.size());
            Files.writeString(file, row.text());
            files.add(file.toString());
        }
        Map<String, Object> all = run(script, files, dir);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Row row = rows().get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> botocore = (Map<String, Object>) all.get(files.get(i));
            ProfileFile ours = ProfileFile.load(Path.of(files.get(i)));
            if (botocore.containsKey("error")) {
                if (row.broken() == null && !row.name().equals("lines before any section")) {
                    disagreements.add(row + ": botocore refuses the file ("
                            + botocore.get("error") + "), the row expects no problem");
                }
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> theirs =
                    (Map<String, Map<String, String>>) botocore.get("profiles");
            if (!new TreeMap<>(theirs).equals(new TreeMap<>(row.profiles()))) {
                disagreements.add(row + ": botocore " + theirs + ", row " + row.profiles());
            }
            for (Map.Entry<String, Map<String, String>> p : theirs.entrySet()) {
                for (Map.Entry<String, String> kv : p.getValue().entrySet()) {
                    String mine = ours.get(p.getKey(), kv.getKey());
                    if (!kv.getValue().equals(mine)) {
                        disagreements.add(row + ": " + p.getKey() + "." + kv.getKey()
                                + " botocore '" + kv.getValue() + "', ours '" + mine + "'");
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, Object> run(Path script, List<String> files, Path dir)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(files);
        Path output = dir.resolve("botocore.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, UTF_8);
        assertThat(ended).as("python3 finished within 30 s: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return JSON.std.mapFrom(out);
    }
}
