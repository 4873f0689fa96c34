/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.MetadataEntry;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds tree [PATH]}: every value below a folder, one request per folder and per value.
 * Progress goes to stderr when stderr is a terminal, since a tree is hundreds of requests. What
 * IMDS lists is followed only when it is a path segment, and no deeper than {@link #MAX_DEPTH}
 * folders, so that a server listing nonsense or itself cannot send the walk anywhere else or on
 * for ever.
 */
final class TreeCommand extends Command {
    /** Folders below the root at most; IMDS's deepest, under {@code network/}, are 5. */
    static final int MAX_DEPTH = 32;

    private int requests;
    private boolean progress;
    private boolean reveal;
    private Context context;

    TreeCommand() {
        super("imds tree [--json] [--show-secrets] [PATH]",
                """
                Prints every value below a folder as 'PATH = VALUE' lines. PATH defaults to
                /latest/meta-data/. Each value stays on its line: \\ is written \\\\, line
                feed \\n, carriage return \\r, tab \\t, other control characters \\xHH, and a
                < that starts a value \\x3c, so that <...> is always tree's own:
                  <redacted>                               a secret (see below)
                  <N bytes, not UTF-8 text: base64 B64>    a value that is not text
                Secret fields of credentials (SecretAccessKey, Token, SessionToken) print as
                <redacted>; so does, whole, a value under iam/security-credentials/,
                iam/security-credentials-extended/ or
                identity-credentials/ec2/security-credentials/ that is not a JSON object.
                A listed name that is not a path segment (.., a slash, a control character),
                or folders more than 32 deep, stop the walk (exit 1): IMDS lists neither.
                Progress goes to stderr when it is a terminal.""",
                """
                  --json           print nested JSON objects instead, values exactly; a value
                                   that is not UTF-8 text as {"base64": "..."}
                  --show-secrets   do not redact secret fields
                """);
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON))
                .addOption(Flags.flag(Flags.SHOW_SECRETS));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 1);
        this.context = context;
        this.progress = context.terminal.stderr();
        this.reveal = flags.has(Flags.SHOW_SECRETS);
        String root = GetCommand.folderArgument(flags, "tree");
        if (!root.endsWith("/")) {
            root = root + "/";
        }
        Map<String, Object> tree;
        try {
            tree = walk(context.client(), root, LsCommand.folder(context.client(), root),
                    !flags.has(Flags.JSON), 0);
        } finally {
            clearProgress();
        }
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(tree));
        }
        return ExitCode.OK;
    }

    /**
     * Walks {@code folder}, whose children are listed and which is {@code depth} folders below
     * the root; prints leaves as it goes in line mode, else returns them nested.
     */
    private Map<String, Object> walk(ImdsClient client, String folder,
            List<MetadataEntry> children, boolean lines, int depth) throws ImdsException {
        Map<String, Object> node = new LinkedHashMap<>();
        for (MetadataEntry e : children) {
            checkName(client, folder, e.name());
            tick(folder + e.name());
            // IMDS has no folder below a credentials folder: such a name is read as a value
            if (e.folder() && !Secrets.underCredentials(folder + e.name())) {
                String below = folder + e.name() + "/";
                if (depth + 1 > MAX_DEPTH) {
                    throw new ServerException("stopped at " + Text.escape(below) + ", "
                            + MAX_DEPTH + " folders below the start: IMDS at "
                            + client.config().endpoint().value() + " lists folders deeper "
                            + "than any it has (a listing that names itself?)");
                }
                node.put(e.name(), walk(client, below, client.metadata().list(below), lines,
                        depth + 1));
                continue;
            }
            String path = folder + e.name();
            byte[] bytes = client.getBytes(path);
            boolean hidden = !reveal && Secrets.hidden(path, bytes);
            byte[] shown = reveal || hidden ? bytes : Secrets.redact(bytes);
            Object value = hidden ? Secrets.REDACTED : GetCommand.jsonValue(shown);
            if (lines) {
                clearProgress();
                context.out.println(Text.escape(path) + " = " + (hidden ? Secrets.REDACTED
                        : value instanceof String s ? Text.escapeValue(s) : notText(shown)));
                context.checkOutput();
            } else {
                node.put(e.name(), value);
            }
        }
        return node;
    }

    /** A value that is not UTF-8 text, in line mode, as {@code <N bytes, ...: base64 ...>}. */
    static String notText(byte[] bytes) {
        return "<" + bytes.length + " bytes, not UTF-8 text: base64 "
                + Base64.getEncoder().encodeToString(bytes) + ">";
    }

    /**
     * Refuses a listed name that is not one path segment, which IMDS never lists: following it
     * would ask for another path than the one listed (.., a slash), or one the client refuses.
     */
    private static void checkName(ImdsClient client, String folder, String name) {
        if (!segment(name)) {
            throw new ServerException("the listing of " + Text.escape(folder) + " from IMDS at "
                    + client.config().endpoint().value() + " names " + shown(folder, name)
                    + ", which is not a path segment; not following it");
        }
    }

    /** The longest prefix of a listed name that a message quotes. */
    static final int QUOTED = 40;

    /**
     * A listed name for a message: nothing of it at or under a credentials folder, where a
     * "listing" may be a credentials document; elsewhere its first {@link #QUOTED} characters,
     * secret fields redacted, escaped and quoted.
     */
    static String shown(String folder, String name) {
        if (Secrets.atOrUnderCredentials(folder)) {
            return "a name (not shown: a credentials folder's listing may hold a secret)";
        }
        String redacted = Secrets.redact(name);
        return redacted.length() <= QUOTED ? Text.quote(redacted)
                : Text.quote(redacted.substring(0, QUOTED)) + "... (" + redacted.length()
                        + " characters)";
    }

    /**
     * Whether {@code name} is one path segment as the client sends it: not empty, not a dot
     * segment, no slash, whitespace, control character, '?', '#', '%', ';', '\\', unpaired
     * surrogate or U+FFFD (what bytes that are not UTF-8 were decoded as: requesting it would
     * ask for another name than the one listed): a name {@link MetadataPath} takes as typed.
     */
    static boolean segment(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '%' || c == ';' || c == '\\'
                    || c == '\ufffd' || Character.isWhitespace(c)
                    || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private void tick(String path) {
        requests++;
        if (progress) {
            context.err.print("\r\033[K" + requests + (requests == 1 ? " request: "
                    : " requests: ") + Text.escape(path));
            context.err.flush();
        }
    }

    /**
     * Erases the progress line, so that what comes next on the same terminal (a result line
     * on stdout, an error, the prompt) starts a clean line instead of sticking to it.
     */
    private void clearProgress() {
        if (progress) {
            context.err.print("\r\033[K");
            context.err.flush();
        }
    }
}
