package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ProfileFileTest {
    private static ProfileFile parse(String text) {
        return ProfileFile.parse(text, "cfg");
    }

    @Test
    void sections_defaultAndNamedProfiles() {
        ProfileFile f = parse("""
                [default]
                a = 1
                [profile dev]
                a = 2
                [dev]
                a = 3
                [sso-session s]
                a = 4
                """);
        assertThat(f.get("default", "a")).isEqualTo("1");
        assertThat(f.get("dev", "a")).isEqualTo("2");
        assertThat(f.get("s", "a")).isNull();
    }

    @Test
    void profileDefault_winsOverBareDefault() {
        ProfileFile f = parse(
                "[default]\na = bare\nb = only-bare\n[profile default]\na = prefixed\n");
        assertThat(f.get("default", "a")).isEqualTo("prefixed");
        assertThat(f.get("default", "b")).isNull();
    }

    @Test
    void comments_whitespace_andCaseInsensitiveKeys() {
        ProfileFile f = parse("""
                # comment
                ; comment
                  [ profile   spaced ]   # trailing comment
                Key_One = value one ; comment
                key2=v#not-a-comment
                key3 = v # comment
                \tkey4 = continued
                """.replace("\tkey4 = continued", "key4 = first\n\tsecond"));
        assertThat(f.get("spaced", "key_one")).isEqualTo("value one");
        assertThat(f.get("spaced", "KEY_ONE")).isEqualTo("value one");
        assertThat(f.get("spaced", "key2")).isEqualTo("v#not-a-comment");
        assertThat(f.get("spaced", "key3")).isEqualTo("v");
        assertThat(f.get("spaced", "key4")).isEqualTo("first\nsecond");
    }

    @Test
    void crlfLineEndings_andDuplicateSectionsMerge() {
        ProfileFile f = parse("[default]\r\na = 1\r\n[default]\r\nb = 2\r\na = 3\r\n");
        assertThat(f.get("default", "a")).isEqualTo("3");
        assertThat(f.get("default", "b")).isEqualTo("2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = 1|line 1: a property must follow a [profile NAME] header",
        "[default]\\nnonsense|line 2: expected 'key = value'",
        "[default\\na = 1|line 1: a section header needs a closing ']'",
        "[default] junk|line 1: only a comment may follow a section header",
        "[default]\\n= 1|line 2: a property needs a name before '='",
        "[default]\\n  indented|line 2: an indented line must continue a property",
    })
    void malformedLines_failWithFileAndLine(String text, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessage("AWS config file cfg, " + message
                        + (message.endsWith("'key = value'")
                                ? ", a [profile NAME] header, or a comment" : ""));
    }

    @Test
    void load_missingFile_empty(@TempDir Path dir) {
        assertThat(ProfileFile.load(dir.resolve("none")).get("default", "x")).isNull();
    }

    @Test
    void load_notUtf8_failsNamingFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.write(file, new byte[] {'[', 'd', ']', '\n', (byte) 0xff, '=', '1'});
        assertThatThrownBy(() -> ProfileFile.load(file))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessage("AWS config file " + file + " is not UTF-8 text");
    }

    @Test
    void load_directory_failsNamingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ProfileFile.load(dir))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageStartingWith("cannot read AWS config file " + dir);
    }
}
