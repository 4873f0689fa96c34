/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.MetadataEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Options;

/** {@code imds ls [PATH]}: one folder's children, sub-folders with a trailing slash. */
final class LsCommand extends Command {
    LsCommand() {
        super("imds ls [--json] [PATH]",
                """
                Lists a folder's children, one per line; sub-folders end with /. Names are
                escaped as tree escapes values (--json: exactly); a name that is not UTF-8
                text prints as <N bytes, not UTF-8 text: base64 B64> (--json: as
                {"base64": "..."}), never changed. PATH defaults to
                /latest/meta-data/. A value is not a folder: 'imds get' prints it.
                public-keys/ lists each key pair as IMDS does, N=KEY-NAME; its folder is N/
                (imds ls public-keys/N/).""",
                """
                  --json    print a JSON array of the path names instead (sub-folders end
                            with /; a key pair as N/)
                """);
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 1);
        String path = GetCommand.folderArgument(flags, "ls");
        boolean json = flags.has(Flags.JSON);
        List<MetadataEntry> entries = folder(context.client(), path);
        Map<String, String> keyPairs = !json && isPublicKeys(path)
                ? keyPairs(context.client().getBytes(path.endsWith("/") ? path : path + "/"))
                : Map.of();
        List<byte[]> lines = notUtf8(entries) ? lines(context.client(), path, entries) : null;
        List<Object> names = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            MetadataEntry e = entries.get(i);
            String served = keyPairs.get(e.name());
            Object line = lines == null ? e.name() : GetCommand.jsonValue(lines.get(i));
            names.add(!(line instanceof String) ? line : served != null && e.folder() ? served
                    : e.folder() ? e.name() + "/" : e.name());
        }
        if (json) {
            context.out.println(Json.pretty(names));
        } else {
            for (int i = 0; i < names.size(); i++) {
                context.out.println(names.get(i) instanceof String name ? Text.escapeValue(name)
                        : TreeCommand.notText(lines.get(i)));
            }
        }
        return ExitCode.OK;
    }

    /** Whether a name may hold bytes that are not UTF-8, which the client decoded as U+FFFD. */
    private static boolean notUtf8(List<MetadataEntry> entries) {
        for (MetadataEntry e : entries) {
            if (e.name().indexOf('\ufffd') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The listing's lines as served bytes, one per entry (a line's CR end and empty lines
     * aside, as the client reads them), so that a name that is not UTF-8 prints as its bytes
     * rather than as U+FFFD.
     *
     * @throws ServerException if the listing changed between the two requests
     */
    private static List<byte[]> lines(ImdsClient client, String path, List<MetadataEntry> entries)
            throws ImdsException {
        String folder = path.endsWith("/") ? path : path + "/";
        byte[] body = client.getBytes(folder);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    lines.add(Arrays.copyOfRange(body, start, end));
                }
                start = i + 1;
            }
        }
        if (lines.size() != entries.size()) {
            throw new ServerException("the listing of " + Text.escape(folder) + " from IMDS at "
                    + client.config().endpoint().value() + " changed between two requests");
        }
        return lines;
    }

    /** Whether {@code path} is the key pairs' folder, {@code .../meta-data/public-keys/}. */
    private static boolean isPublicKeys(String path) {
        return path.endsWith("/meta-data/public-keys/") || path.endsWith("/meta-data/public-keys");
    }

    /**
     * The key pairs' listing lines, {@code N=KEY-NAME}, by their folder's name {@code N}: the
     * client's listing keeps only the folder, and the key's name is what a person looks for.
     */
    private static Map<String, String> keyPairs(byte[] listing) {
        Map<String, String> lines = new HashMap<>();
        for (String line : new String(listing, StandardCharsets.UTF_8).split("\n")) {
            String l = line.trim();
            int eq = l.indexOf('=');
            if (eq > 0 && Flags.digits(l, 0, eq)) {
                lines.put(l.substring(0, eq), l);
            }
        }
        return lines;
    }

    /**
     * Lists {@code path}, after making sure it is a folder. IMDS serves a value asked for with a
     * trailing slash as the value itself, which would read as a listing of one odd name; so
     * unless the path is a top folder, its parent's listing says whether it is a folder. Below
     * a credentials folder there is no folder: such a path is a value, unasked.
     *
     * @throws UsageException if the path is a value
     * @throws ImdsException if IMDS fails, such as 404 when there is nothing at the path
     */
    static List<MetadataEntry> folder(ImdsClient client, String path) throws ImdsException {
        String folder = path.endsWith("/") ? path : path + "/";
        int slash = folder.lastIndexOf('/', folder.length() - 2);
        String parent = folder.substring(0, slash + 1);
        String name = folder.substring(slash + 1, folder.length() - 1);
        if (Secrets.underCredentials(folder.substring(0, folder.length() - 1))) {
            // IMDS has no folder there, and what it serves with a trailing slash is the
            // credentials document itself
            throw value(path);
        }
        List<MetadataEntry> children;
        try {
            children = client.metadata().list(folder);
        } catch (ImdsStatusException e) {
            if (e.status() == 404 && !parent.isEmpty() && isValue(client, parent, name)) {
                throw value(path);
            }
            throw e;
        }
        if (!isTop(folder) && isValue(client, parent, name)) {
            throw value(path);
        }
        return children;
    }

    private static UsageException value(String path) {
        String value = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return new UsageException(value + " is a value, not a folder; use: imds get " + value);
    }

    /** Folders whose parents list their children without a slash: /, /latest/ and below. */
    private static boolean isTop(String folder) {
        return folder.equals("/") || folder.equals("/latest/")
                || folder.equals("/latest/meta-data/") || folder.equals("/latest/dynamic/")
                || folder.indexOf('/', 1) == folder.length() - 1;
    }

    /** Whether the parent lists {@code name} as a value; false when it cannot tell. */
    private static boolean isValue(ImdsClient client, String parent, String name)
            throws ImdsException {
        if (parent.equals("/") || parent.equals("/latest/")) {
            return parent.equals("/latest/") && name.equals("user-data");
        }
        try {
            for (MetadataEntry e : client.metadata().list(parent)) {
                if (e.name().equals(name)) {
                    return !e.folder();
                }
            }
        } catch (ImdsStatusException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        return false;
    }
}
