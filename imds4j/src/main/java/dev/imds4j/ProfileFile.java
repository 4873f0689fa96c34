package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS shared config file ({@code ~/.aws/config}), parsed as the AWS SDKs do: {@code [default]}
 * and {@code [profile NAME]} sections ({@code [profile default]} wins over {@code [default]}),
 * {@code key = value} lines, comments after {@code #} or {@code ;} at a line's start or after
 * whitespace in a value, and indented continuation lines. Sections of other kinds ({@code
 * [sso-session x]}, unprefixed names) are skipped. Keys compare case-insensitively. A line that
 * fits none of these fails with the file and line number, so that a broken setting is never
 * silently ignored.
 */
final class ProfileFile {
    static final ProfileFile EMPTY = new ProfileFile("(none)", Map.of(), Map.of());
    private static final long MAX_BYTES = 4L << 20;

    private final String name;
    private final Map<String, Map<String, String>> profiles;
    private final Map<String, String> bareDefault;

    private ProfileFile(String name, Map<String, Map<String, String>> profiles,
            Map<String, String> bareDefault) {
        this.name = name;
        this.profiles = profiles;
        this.bareDefault = bareDefault;
    }

    /** Reads {@code file}; a missing file is an empty one. */
    static ProfileFile load(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ImdsConfigurationException("AWS config file " + file + " is larger than "
                        + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new ImdsConfigurationException(
                    "cannot read AWS config file " + file + ": " + e, e);
        }
        String text;
        try {
            text = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ImdsConfigurationException(
                    "AWS config file " + file + " is not UTF-8 text", e);
        }
        return parse(text, file.toString());
    }

    static ProfileFile parse(String text, String name) {
        Map<String, Map<String, String>> profiles = new HashMap<>();
        Map<String, String> bareDefault = new HashMap<>();
        Map<String, String> section = null; // null: before any section, or a skipped one
        boolean inSection = false;
        String lastKey = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r")
                    ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                String header = sectionName(trimmed, name, i + 1);
                inSection = true;
                lastKey = null;
                if (header.equals("default")) {
                    section = bareDefault;
                } else if (header.startsWith("profile") && header.length() > 7
                        && isBlank(header.charAt(7))) {
                    String profile = header.substring(8).strip();
                    section = profiles.get(profile);
                    if (section == null) {
                        section = new HashMap<>();
                        profiles.put(profile, section);
                    }
                } else {
                    section = null;
                }
                continue;
            }
            if (isBlank(line.charAt(0))) {
                if (lastKey == null) {
                    throw error(name, i + 1, "an indented line must continue a property");
                }
                if (section != null) {
                    section.merge(lastKey, "\n" + stripComment(trimmed), String::concat);
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error(name, i + 1, "expected 'key = value', a [profile NAME] header, "
                        + "or a comment");
            }
            if (!inSection) {
                throw error(name, i + 1, "a property must follow a [profile NAME] header");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw error(name, i + 1, "a property needs a name before '='");
            }
            lastKey = key;
            if (section != null) {
                section.put(key, stripComment(line.substring(eq + 1).strip()));
            }
        }
        return new ProfileFile(name, profiles, bareDefault);
    }

    private static String sectionName(String trimmed, String file, int line) {
        int close = trimmed.indexOf(']');
        if (close < 0) {
            throw error(file, line, "a section header needs a closing ']'");
        }
        String rest = trimmed.substring(close + 1).strip();
        if (!rest.isEmpty() && !rest.startsWith("#") && !rest.startsWith(";")) {
            throw error(file, line, "only a comment may follow a section header");
        }
        return trimmed.substring(1, close).strip();
    }

    /** Drops a comment that starts after whitespace, as in {@code value ; comment}. */
    private static String stripComment(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == '#' || c == ';') && isBlank(value.charAt(i - 1))) {
                return value.substring(0, i).strip();
            }
        }
        return value;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static ImdsConfigurationException error(String file, int line, String problem) {
        return new ImdsConfigurationException("AWS config file " + file + ", line " + line + ": "
                + problem);
    }

    /** The file's name as given, for messages. */
    String name() {
        return name;
    }

    /** Returns a profile's value for {@code key}, or null. */
    String get(String profile, String key) {
        Map<String, String> p = profiles.get(profile);
        if (p == null && profile.equals("default")) {
            p = bareDefault;
        }
        return p == null ? null : p.get(key.toLowerCase(Locale.ROOT));
    }
}
