package dev.imds4j.cli;

import java.util.Map;
import org.apache.commons.cli.Options;

/** {@code imds tags [--json]}: the instance tags (empty when tag access is off). */
final class TagsCommand extends Command {
    TagsCommand() {
        super("imds tags [--json]",
                """
                Prints the instance tags as KEY=VALUE lines, escaped as tree escapes values:
                \\ is written \\\\, line feed \\n, carriage return \\r, tab \\t, other
                control characters \\xHH, and = in a key \\x3d. Prints nothing when the
                instance does not allow tags in metadata (InstanceMetadataTags disabled).""",
                "  --json    print one JSON object instead, keys and values exactly\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        Map<String, String> tags = context.client().metadata().tags();
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
