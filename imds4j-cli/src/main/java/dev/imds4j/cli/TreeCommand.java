package dev.imds4j.cli;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.MetadataEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds tree [PATH]}: every value below a folder, one request per folder and per value.
 * Progress goes to stderr when stderr is a terminal, since a tree is hundreds of requests.
 */
final class TreeCommand extends Command {
    private int requests;
    private boolean progress;
    private boolean reveal;
    private Context context;

    TreeCommand() {
        super("imds tree [--json] [--show-secrets] [PATH]",
                """
                Prints every value below a folder as 'PATH = VALUE' lines. PATH defaults to
                /latest/meta-data/. Each value stays on its line: \\ is written \\\\, line
                feed \\n, carriage return \\r, tab \\t, other control characters \\xHH.
                Secret fields of credentials (SecretAccessKey, Token) print as <redacted>.
                Progress goes to stderr when it is a terminal.""",
                """
                  --json           print nested JSON objects instead, values exactly
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
        String root = flags.args().isEmpty() ? "/latest/meta-data/"
                : GetCommand.absolute(flags.args().get(0));
        if (!root.endsWith("/")) {
            root = root + "/";
        }
        Map<String, Object> tree;
        try {
            tree = walk(context.client(), root, LsCommand.folder(context.client(), root),
                    !flags.has(Flags.JSON));
        } finally {
            if (progress) {
                context.err.print("\r\033[K");
            }
        }
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(tree));
        }
        return ExitCode.OK;
    }

    /**
     * Walks {@code folder}, whose children are listed; prints leaves as it goes in line mode,
     * else returns them nested.
     */
    private Map<String, Object> walk(ImdsClient client, String folder,
            List<MetadataEntry> children, boolean lines) throws ImdsException {
        Map<String, Object> node = new LinkedHashMap<>();
        for (MetadataEntry e : children) {
            tick(folder + e.name());
            if (e.folder()) {
                String below = folder + e.name() + "/";
                node.put(e.name(), walk(client, below, client.metadata().list(below), lines));
                continue;
            }
            byte[] bytes = client.getBytes(folder + e.name());
            Object value = GetCommand.jsonValue(reveal ? bytes : Secrets.redact(bytes));
            if (lines) {
                String text = value instanceof String s ? s : value.toString();
                context.out.println(Text.escape(folder + e.name()) + " = " + Text.escape(text));
            } else {
                node.put(e.name(), value);
            }
        }
        return node;
    }

    private void tick(String path) {
        requests++;
        if (progress) {
            context.err.print("\r\033[K" + requests + " requests: " + Text.escape(path));
            context.err.flush();
        }
    }
}
