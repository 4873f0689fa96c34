/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.Charset;

/**
 * Hides the secret fields of credentials documents in what {@code tree}, {@code get --json},
 * {@code get} of a folder, {@code tags} and {@code credentials --json} print, unless {@code
 * --show-secrets}.
 *
 * <p>The rule: in any value, the value of every JSON member named {@code SecretAccessKey},
 * {@code Token} or {@code SessionToken} (in any case, escapes decoded) becomes {@code
 * "<redacted>"}, wherever it sits. Everything else, layout included, is kept. The scan works on
 * bytes as ISO-8859-1, so it needs neither valid JSON nor valid UTF-8: a malformed document is
 * redacted from the secret member to its end rather than shown.
 *
 * <p>And a value under a credentials folder ({@link #CREDENTIAL_FOLDERS}) is a credentials
 * document: unless it is a JSON object, whose secret members the first rule hides, it is
 * {@code <redacted>} as a whole, since there is no telling where a secret sits in it. So is,
 * anywhere, a value that holds a secret member when read as UTF-16 or UTF-32.
 */
final class Secrets {
    static final String REDACTED = "<redacted>";

    /** The folders below {@code meta-data/} whose values are credentials documents. */
    static final String[] CREDENTIAL_FOLDERS = {"/meta-data/iam/security-credentials/",
        "/meta-data/iam/security-credentials-extended/",
        "/meta-data/identity-credentials/ec2/security-credentials/"};

    private static final byte[] REDACTED_BYTES = REDACTED.getBytes(UTF_8);

    private Secrets() {}

    /**
     * The value at {@code path} with secrets redacted: as {@link #redact(byte[])}, and, under a
     * credentials folder, {@code <redacted>} as a whole unless it is a JSON object.
     */
    static byte[] redact(String path, byte[] value) {
        return hidden(path, value) ? REDACTED_BYTES.clone() : redact(value);
    }

    /**
     * Whether the value at {@code path} is hidden whole: under a credentials folder, and not a
     * JSON object.
     */
    static boolean hidden(String path, byte[] value) {
        return underCredentials(path) && !jsonObject(value) || secretInOtherEncoding(value);
    }

    /** The encodings other than UTF-8 and ISO-8859-1 in which a secret member is looked for. */
    private static final Charset[] OTHER_ENCODINGS = {UTF_16BE, UTF_16LE,
        Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE")};

    /**
     * Whether the bytes, read as UTF-16 or UTF-32 (either byte order), hold a secret member: a
     * credentials document in such an encoding would otherwise print whole as its base64 or
     * as escaped text, which the member rule (on UTF-8 and ISO-8859-1) cannot see into.
     */
    static boolean secretInOtherEncoding(byte[] value) {
        if (value.length < 8) {
            return false;
        }
        for (Charset c : OTHER_ENCODINGS) {
            String text = new String(value, c);
            if (redact(text) != text) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code path} names a value below one of the {@link #CREDENTIAL_FOLDERS}, in any
     * case: a server that matches paths without regard to case serves the same value at {@code
     * IAM/Security-Credentials/ROLE}. The path is canonical ({@link MetadataPath}); the
     * commands refuse the other spellings before they get here.
     */
    static boolean underCredentials(String path) {
        return credentialsFolderEnd(path) >= 0
                && path.length() > credentialsFolderEnd(path);
    }

    /**
     * Whether {@code folder} is one of the {@link #CREDENTIAL_FOLDERS} or below one, in any
     * case: what its listing names may be a credentials document's content.
     */
    static boolean atOrUnderCredentials(String folder) {
        return credentialsFolderEnd(folder) >= 0;
    }

    /** The index after the first credentials folder in {@code path}, or -1. */
    private static int credentialsFolderEnd(String path) {
        for (String folder : CREDENTIAL_FOLDERS) {
            for (int at = 0; at + folder.length() <= path.length(); at++) {
                if (path.regionMatches(true, at, folder, 0, folder.length())) {
                    return at + folder.length();
                }
            }
        }
        return -1;
    }

    /** Whether the bytes are one JSON object and nothing else. */
    private static boolean jsonObject(byte[] value) {
        try (JsonParser p = JSON.std.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException notJson) {
            return false;
        }
    }

    /** The value with secret members redacted; the same array when there is none. */
    static byte[] redact(byte[] value) {
        if (indexOf(value, (byte) '"') < 0) {
            return value;
        }
        String text = new String(value, ISO_8859_1);
        String redacted = redact(text);
        return redacted == text ? value : redacted.getBytes(ISO_8859_1);
    }

    /** The text with secret members redacted; the same instance when there is none. */
    static String redact(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.charAt(i) != '"') {
                i++;
                continue;
            }
            int end = endOfString(text, i);
            int colon = skipSpace(text, end);
            if (colon < n && text.charAt(colon) == ':' && isSecret(text, i + 1, end)) {
                int start = skipSpace(text, colon + 1);
                int stop = endOfValue(text, start);
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, start).append('"').append(REDACTED).append('"');
                copied = stop;
                i = stop;
            } else {
                i = end;
            }
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /** Whether the string token from {@code from} (after its quote) names a secret member. */
    private static boolean isSecret(String text, int from, int end) {
        int close = end > from && end <= text.length() && text.charAt(end - 1) == '"'
                ? end - 1 : end;
        String name = unescape(text, from, close);
        return name.equalsIgnoreCase("SecretAccessKey") || name.equalsIgnoreCase("Token")
                || name.equalsIgnoreCase("SessionToken");
    }

    /** The index after the string starting at the quote {@code at}; the end if unterminated. */
    private static int endOfString(String text, int at) {
        int i = at + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** The index after the JSON value at {@code at}; the end of the text if it never closes. */
    private static int endOfValue(String text, int at) {
        int n = text.length();
        if (at >= n) {
            return n;
        }
        char first = text.charAt(at);
        if (first == '"') {
            return endOfString(text, at);
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            int i = at;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '"') {
                    i = endOfString(text, i);
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return n;
        }
        int i = at;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r'
                    || c == '\n') {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                break;
            }
            i++;
        }
        return i;
    }

    /** A JSON string's content with its escapes decoded; a bad escape is kept as written. */
    private static String unescape(String text, int from, int to) {
        if (text.indexOf('\\', from) < 0 || text.indexOf('\\', from) >= to) {
            return text.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= to) {
                b.append(c);
                i++;
                continue;
            }
            char e = text.charAt(i + 1);
            if (e == 'u' && i + 6 <= to) {
                try {
                    b.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                    i += 6;
                    continue;
                } catch (NumberFormatException notHex) {
                    // kept as written
                }
            }
            b.append(switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> e;
            });
            i += 2;
        }
        return b.toString();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
