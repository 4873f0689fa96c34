/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.MetadataEntry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.Options;

/**
 * {@code imds tags [--json] [--show-secrets]}: the instance tags (empty when tag access is off),
 * with secret fields redacted by the rule {@code tree} follows.
 */
final class TagsCommand extends Command {
    private static final String FOLDER = "/latest/meta-data/tags/instance/";

    TagsCommand() {
        super("imds tags [--json] [--show-secrets]",
                """
                Prints the instance tags as KEY=VALUE lines, escaped as tree escapes values:
                \\ is written \\\\, line feed \\n, carriage return \\r, tab \\t, other
                control characters \\xHH, a < that starts a value \\x3c, and = in a key
                \\x3d; a value that is not UTF-8 text prints as
                <N bytes, not UTF-8 text: base64 B64> (--json: {"base64": "..."}), so that
                <...> is always tags' own. A listed key that is not UTF-8 text stops it (exit
                1): it cannot be asked for as listed. Secret fields of credentials
                (SecretAccessKey, Token, SessionToken) in a value print as <redacted>, as in
                tree. Prints nothing when the instance does not allow tags in metadata
                (InstanceMetadataTags disabled).""",
                """
                  --json           print one JSON object instead, keys and values exactly
                                   (secret fields redacted; a value that is not UTF-8
                                   text as {"base64": "..."})
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
        noMoreThan(flags, 0);
        ImdsClient client = context.client();
        boolean reveal = flags.has(Flags.SHOW_SECRETS);
        Map<String, Object> tags = new LinkedHashMap<>();
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        Set<String> hidden = new HashSet<>();
        for (MetadataEntry key : keys(client)) {
            if (key.folder()) {
                continue;
            }
            if (!TreeCommand.segment(key.name())) {
                throw new ServerException("the listing of " + FOLDER + " from IMDS at "
                        + client.config().endpoint().value() + " names "
                        + TreeCommand.shown(FOLDER, key.name()) + ", which is not a tag key "
                        + "(not UTF-8 text, or not a path segment); not reading it");
            }
            byte[] value = client.getBytes(FOLDER + key.name());
            boolean hide = !reveal && Secrets.hidden(FOLDER + key.name(), value);
            byte[] shown = reveal || hide ? value : Secrets.redact(value);
            if (hide) {
                hidden.add(key.name());
            }
            bytes.put(key.name(), shown);
            tags.put(key.name(), hide ? Secrets.REDACTED : GetCommand.jsonValue(shown));
        }
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(tags));
        } else {
            for (Map.Entry<String, Object> t : tags.entrySet()) {
                context.out.println(Text.escapeKey(t.getKey()) + "="
                        + (hidden.contains(t.getKey()) ? Secrets.REDACTED : t.getValue()
                        instanceof String s ? Text.escapeValue(s)
                        : TreeCommand.notText(bytes.get(t.getKey()))));
            }
        }
        return ExitCode.OK;
    }

    /** The tag keys; none when tag access is off (404). */
    private static List<MetadataEntry> keys(ImdsClient client) throws ImdsException {
        try {
            return client.metadata().list(FOLDER);
        } catch (ImdsStatusException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }
}
