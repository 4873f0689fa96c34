/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.imds4j.ImdsClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds get PATH...}: values exactly as served; several paths share one token. Secret
 * fields are redacted only where no one asked for them by name: under {@code --json}, and for a
 * folder path (ending in {@code /}).
 */
final class GetCommand extends Command {
    GetCommand() {
        super("imds get [--json] [--show-secrets] PATH...",
                """
                Prints the value at PATH exactly as served, bytes and all (user data may be
                gzip). Piped or redirected, the output is those exact bytes: use
                'imds get PATH > FILE' or 'imds get PATH | od -c' to see them. On a terminal
                a line feed is added after a value that lacks one, so the prompt starts on a
                line of its own.
                With several PATHs, each value is followed by a line feed; they share one token.
                A PATH without a leading / is taken under /latest/meta-data/. A PATH ending
                in / is a folder: its listing (or whatever IMDS serves there) is printed with
                secret fields as <redacted>. A credentials path itself, such as
                iam/security-credentials/ROLE, prints the credentials in full. An empty PATH
                is refused.""",
                """
                  --json           print one JSON object {"PATH": value, ...}; values that are
                                   not UTF-8 text appear as {"base64": "..."}; secret fields
                                   (SecretAccessKey, Token) as <redacted>, and a value under
                                   a credentials folder that is not a JSON object as
                                   "<redacted>" whole
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
        List<String> paths = flags.args();
        if (paths.isEmpty()) {
            throw new UsageException("get needs at least one PATH");
        }
        for (int i = 0; i < paths.size(); i++) {
            MetadataPath.of(paths.get(i), "get");
        }
        ImdsClient client = context.client();
        boolean json = flags.has(Flags.JSON);
        boolean reveal = flags.has(Flags.SHOW_SECRETS);
        Map<String, Object> values = json ? new LinkedHashMap<>() : null;
        for (int i = 0; i < paths.size(); i++) {
            String path = MetadataPath.of(paths.get(i), "get");
            byte[] value = client.getBytes(path);
            if (!reveal && (json || path.endsWith("/"))) {
                value = Secrets.redact(path, value);
            }
            if (json) {
                values.put(path, jsonValue(value));
            } else {
                context.write(value);
                if (paths.size() > 1) {
                    context.newline();
                }
            }
        }
        if (json) {
            context.out.println(Json.pretty(values));
        }
        return ExitCode.OK;
    }

    /**
     * The folder argument of {@code ls} and {@code tree} as an absolute path, by default
     * {@code /latest/meta-data/}.
     *
     * @throws UsageException if it is empty, which names no folder, or not canonical
     *     ({@link MetadataPath})
     */
    static String folderArgument(Flags flags, String command) {
        if (flags.args().isEmpty()) {
            return "/latest/meta-data/";
        }
        String path = flags.args().get(0);
        if (path.isEmpty()) {
            throw new UsageException(command + ": PATH must not be empty; without it, "
                    + command + " shows /latest/meta-data/");
        }
        return MetadataPath.of(path, command);
    }

    static Object jsonValue(byte[] value) {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return Map.of("base64", Base64.getEncoder().encodeToString(value));
        }
    }
}
