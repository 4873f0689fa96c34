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

/** {@code imds get PATH...}: values exactly as served; several paths share one token. */
final class GetCommand extends Command {
    GetCommand() {
        super("imds get [--json] PATH...",
                """
                Prints each value exactly as served, bytes and all (user data may be gzip).
                With several paths, values are separated by a newline; they share one token.
                A PATH without a leading / is taken under /latest/meta-data/.""",
                "  --json    print one JSON object {\"PATH\": value, ...}; values that are not\n"
                        + "            UTF-8 text appear as {\"base64\": \"...\"}\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag("json"));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        List<String> paths = flags.args();
        if (paths.isEmpty()) {
            throw new UsageException("get needs at least one PATH; usage: " + usage());
        }
        ImdsClient client = context.client();
        boolean json = flags.has("json");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = absolute(paths.get(i));
            byte[] value = client.getBytes(path);
            if (json) {
                values.put(path, jsonValue(value));
            } else {
                if (i > 0) {
                    context.out.write('\n');
                }
                context.write(value);
            }
        }
        if (json) {
            context.out.println(Json.pretty(values));
        }
        return ExitCode.OK;
    }

    /** {@code ami-id} means {@code /latest/meta-data/ami-id}. */
    static String absolute(String path) {
        return path.startsWith("/") ? path : "/latest/meta-data/" + path;
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
