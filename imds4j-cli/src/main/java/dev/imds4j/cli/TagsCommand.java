/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds tags [--json] [--show-secrets]}: the instance tags (empty when tag access is off),
 * with secret fields redacted by the rule {@code tree} follows.
 */
final class TagsCommand extends Command {
    TagsCommand() {
        super("imds tags [--json] [--show-secrets]",
                """
                Prints the instance tags as KEY=VALUE lines, escaped as tree escapes values:
                \\ is written \\\\, line feed \\n, carriage return \\r, tab \\t, other
                control characters \\xHH, and = in a key \\x3d. Secret fields of credentials
                (SecretAccessKey, Token, SessionToken) in a value print as <redacted>, as in
                tree. Prints nothing when the instance does not allow tags in metadata
                (InstanceMetadataTags disabled).""",
                """
                  --json           print one JSON object instead, keys and values exactly
                                   (secret fields redacted)
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
        Map<String, String> tags = new LinkedHashMap<>(context.client().metadata().tags());
        if (!flags.has(Flags.SHOW_SECRETS)) {
            tags.replaceAll((key, value) -> Secrets.redact(value));
        }
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(tags));
        } else {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                context.out.println(Text.escapeKey(t.getKey()) + "=" + Text.escape(t.getValue()));
            }
        }
        return ExitCode.OK;
    }
}
