/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS shared config file ({@code ~/.aws/config}), read as the AWS CLI and botocore read it:
 * Python's {@code configparser.RawConfigParser} grammar, then botocore's mapping of sections to
 * profiles.
 *
 * <p>Grammar: a line whose stripped text starts with {@code #} or {@code ;} is a comment (there
 * are no inline comments: {@code a = 1 # x} has the value {@code 1 # x}); {@code [NAME]} opens a
 * section, anything up to the last {@code ]} being its name, spaces included; {@code key = value}
 * or {@code key: value}, split at the first {@code =} or {@code :}, keys lower-cased; a line
 * indented deeper than the key line above continues its value (joined with newlines), so keys
 * may be indented as long as they line up; a {@code [DEFAULT]} section's keys apply to every
 * section. Profiles: {@code [default]}, and {@code [profile NAME]} where the header splits, as a
 * shell would split it, into exactly two words ({@code [profile "my prof"]} is {@code my
 * prof}); a later section for the same profile replaces an earlier one. Other sections are not
 * profiles.
 *
 * <p>Where botocore refuses the whole file (a line that is not a key, a section, a comment or a
 * continuation; a section or key given twice), this parser blames the section the problem is
 * in: reading a setting from that profile fails with the file and line, while every other
 * profile, and a file whose broken section nobody reads, still works.
 */
final class ProfileFile {
    static final ProfileFile EMPTY = new ProfileFile("(none)", Map.of(), null, List.of());
    private static final long MAX_BYTES = 4L << 20;
    private static final String DEFAULTS = "DEFAULT";

    /** A profile's keys and the first problem found in its section, if any. */
    private record Profile(Map<String, String> values, String problem) {}

    private final String name;
    private final Map<String, Profile> profiles;
    /** A problem with the whole file (unreadable, not UTF-8); null when none. */
    private final String fileProblem;
    /** What is worth telling but fails nothing, such as lines before any section. */
    private final List<String> notes;

    private ProfileFile(String name, Map<String, Profile> profiles, String fileProblem,
            List<String> notes) {
        this.name = name;
        this.profiles = profiles;
        this.fileProblem = fileProblem;
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads {@code file}. A missing file is an empty one, and so (as botocore has it) is a path
     * that is not a regular file, such as a directory or a FIFO that would block the read; an
     * unreadable one fails on use.
     */
    static ProfileFile load(Path file) {
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                return EMPTY;
            }
            if (!Files.isRegularFile(file)) {
                return new ProfileFile(file.toString(), Map.of(), null, List.of("AWS config "
                        + "file " + file + " is not a regular file; it is ignored"));
            }
            // FileInputStream, not Files.readAllBytes: the channel classes that one loads cost a
            // short-lived process a few milliseconds on its first call
            try (InputStream in = new FileInputStream(file.toFile())) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return broken(file, "is larger than " + MAX_BYTES + " bytes");
            }
        } catch (FileNotFoundException e) {
            // gone since the check (as good as never there), or not readable
            return Files.exists(file) ? broken(file, "cannot be read: " + e) : EMPTY;
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException | UnsupportedOperationException e) {
            return broken(file, "cannot be read: " + e);
        }
        String text;
        try {
            text = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return broken(file, "is not UTF-8 text");
        }
        if (text.startsWith("\ufeff")) {
            // botocore (configparser) cannot read past it; failing loudly beats a silently
            // dropped first section
            return broken(file, "starts with a byte order mark (U+FEFF), which the AWS CLI and "
                    + "botocore cannot read; save it as UTF-8 without one");
        }
        return parse(text, file.toString());
    }

    private static ProfileFile broken(Path file, String problem) {
        return new ProfileFile(file.toString(), Map.of(), "AWS config file " + file + " "
                + problem, List.of());
    }

    /** A section as configparser builds it: keys to lists of lines, and what went wrong. */
    private static final class Section {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        /** The line each key was set on, for messages. */
        final Map<String, Integer> lines = new HashMap<>();
        String problem;

        void blame(String file, int line, String what) {
            if (problem == null) {
                problem = "AWS config file " + file + ", line " + line + ": " + what;
            }
        }
    }

    /**
     * The lines of {@code text} split at Python's universal newlines (CR LF, CR, LF), with a last,
     * possibly empty, line after the last newline; by hand, as a regular expression costs a cold
     * client milliseconds.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    static ProfileFile parse(String text, String name) {
        Map<String, Section> sections = new LinkedHashMap<>();
        Section defaults = new Section();
        Section current = null;
        String option = null;
        int indentLevel = 0;
        List<String> notes = new ArrayList<>();
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            String stripped = pyStrip(line);
            boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
            String value = comment ? "" : stripped;
            if (value.isEmpty()) {
                // empty lines belong to a value being continued (configparser's default)
                if (!comment && current != null && option != null
                        && current.values.get(option) != null) {
                    current.values.get(option).add("");
                }
                continue;
            }
            int indent = 0;
            while (indent < line.length() && pySpace(line.charAt(indent))) {
                indent++;
            }
            if (current != null && option != null && indent > indentLevel) {
                current.values.get(option).add(value);
                continue;
            }
            indentLevel = indent;
            int close = value.lastIndexOf(']');
            if (value.startsWith("[") && close >= 2) {
                String header = value.substring(1, close);
                option = null;
                if (header.equals(DEFAULTS)) {
                    current = defaults;
                } else if (sections.containsKey(header)) {
                    current = sections.get(header);
                    current.blame(name, lineNo, "section [" + header + "] appears twice");
                } else {
                    current = new Section();
                    sections.put(header, current);
                }
                continue;
            }
            if (current == null) {
                // belongs to no profile; botocore refuses the whole file for it
                if (notes.isEmpty()) {
                    notes.add("AWS config file " + name + ", line " + lineNo + ": a setting "
                            + "before any [section] belongs to no profile; it is ignored");
                }
                continue;
            }
            int delimiter = -1;
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c == '=' || c == ':') {
                    delimiter = k;
                    break;
                }
            }
            String key = delimiter < 0 ? "" : pyStrip(value.substring(0, delimiter));
            if (key.isEmpty()) {
                current.blame(name, lineNo, delimiter < 0
                        ? "expected 'key = value', a [section] header, or a comment"
                        : "a property needs a name before '" + value.charAt(delimiter) + "'");
                continue;
            }
            option = key.toLowerCase(Locale.ROOT);
            if (current.values.containsKey(option)) {
                current.blame(name, lineNo, "key " + option + " appears twice in the section");
            }
            List<String> v = new ArrayList<>();
            v.add(pyStrip(value.substring(delimiter + 1)));
            current.values.put(option, v);
            current.lines.put(option, lineNo);
        }
        return new ProfileFile(name, profiles(sections, defaults, name), null, notes);
    }

    /** botocore's {@code build_profile_map}: which sections are profiles, and their names. */
    private static Map<String, Profile> profiles(Map<String, Section> sections,
            Section defaults, String file) {
        Map<String, Profile> profiles = new HashMap<>();
        for (Map.Entry<String, Section> e : sections.entrySet()) {
            String header = e.getKey();
            String profile = null;
            if (header.startsWith("profile")) {
                List<String> words = shellSplit(header);
                if (words != null && words.size() == 2) {
                    profile = words.get(1);
                }
            } else if (header.equals("default")) {
                profile = "default";
            }
            if (profile == null) {
                continue;
            }
            Map<String, String> values = new HashMap<>(joined(defaults));
            values.putAll(joined(e.getValue()));
            Map<String, Integer> lines = new HashMap<>(defaults.lines);
            lines.putAll(e.getValue().lines);
            String problem = e.getValue().problem != null ? e.getValue().problem
                    : defaults.problem != null ? defaults.problem : nested(values, lines, file);
            profiles.put(profile, new Profile(values, problem));
        }
        return profiles;
    }

    /**
     * botocore reads a value that starts on the next, indented line as a nested section of
     * {@code key = value} lines, and refuses the file when one is not.
     */
    private static String nested(Map<String, String> values, Map<String, Integer> lines,
            String file) {
        for (Map.Entry<String, String> v : values.entrySet()) {
            if (!v.getValue().startsWith("\n")) {
                continue;
            }
            for (String line : v.getValue().substring(1).split("\n")) {
                if (!line.isBlank() && line.indexOf('=') < 0) {
                    return "AWS config file " + file + ", line " + lines.get(v.getKey()) + ": "
                            + "the indented lines under the empty key " + v.getKey() + " must be "
                            + "'key = value' (a nested section)";
                }
            }
        }
        return null;
    }

    private static Map<String, String> joined(Section s) {
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, List<String>> e : s.values.entrySet()) {
            m.put(e.getKey(), pyStripEnd(String.join("\n", e.getValue())));
        }
        return m;
    }

    /**
     * Python's {@code shlex.split}: POSIX shell words, with quotes and backslashes; null where
     * Python raises (an unclosed quote, a trailing backslash).
     */
    static List<String> shellSplit(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                word = word == null ? new StringBuilder() : word;
                word.append(s, i + 1, end);
                i = end;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                int j = i + 1;
                for (; j < s.length() && s.charAt(j) != '"'; j++) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length() && "\\\"".indexOf(s.charAt(j + 1)) >= 0) {
                        word.append(s.charAt(++j));
                    } else {
                        word.append(d);
                    }
                }
                if (j >= s.length()) {
                    return null;
                }
                i = j;
            } else if (c == '\\') {
                if (i + 1 >= s.length()) {
                    return null;
                }
                word = word == null ? new StringBuilder() : word;
                word.append(s.charAt(++i));
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Python's {@code str.isspace} for one char. */
    static boolean pySpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Python's {@code str.strip()}. */
    static String pyStrip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && pySpace(s.charAt(from))) {
            from++;
        }
        while (to > from && pySpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String pyStripEnd(String s) {
        int to = s.length();
        while (to > 0 && pySpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(0, to);
    }

    /** Things worth telling about the file that fail nothing. */
    List<String> notes() {
        return notes;
    }

    /** The file's name as given, for messages. */
    String name() {
        return name;
    }

    /** Whether the file defines {@code profile}. */
    boolean has(String profile) {
        return profiles.containsKey(profile);
    }

    /**
     * Returns the problem that makes {@code profile} unreadable, or null: a broken file, or a
     * broken line in that profile's section.
     */
    String problem(String profile) {
        if (fileProblem != null) {
            return fileProblem;
        }
        Profile p = profiles.get(profile);
        return p == null ? null : p.problem();
    }

    /**
     * Returns a profile's value for {@code key}, or null.
     *
     * @throws ImdsConfigurationException if the profile is unreadable (see {@link #problem})
     */
    String get(String profile, String key) {
        String problem = problem(profile);
        if (problem != null) {
            throw new ImdsConfigurationException(problem);
        }
        Profile p = profiles.get(profile);
        return p == null ? null : p.values().get(key.toLowerCase(Locale.ROOT));
    }
}
