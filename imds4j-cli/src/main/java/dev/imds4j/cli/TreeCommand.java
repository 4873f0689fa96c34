package dev.imds4j.cli;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.MetadataEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds tree [PATH]}: every value below a folder, one request per folder and per value.
 * Progress goes to stderr when stderr is a terminal, since a tree is hundreds of requests.
 */
final class TreeCommand extends Command {
    private int requests;
    private boolean progress;
    private Context context;

    TreeCommand() {
        super("imds tree [--json] [PATH]",
                """
                Prints every value below a folder as 'PATH = VALUE' lines (line breaks in
                values shown as \\n). PATH defaults to /latest/meta-data/.""",
                "  --json    print nested JSON objects instead\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag("json"));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 1);
        this.context = context;
        this.progress = stderrIsTerminal();
        String root = flags.args().isEmpty() ? "/latest/meta-data/"
                : GetCommand.absolute(flags.args().get(0));
        if (!root.endsWith("/")) {
            root = root + "/";
        }
        Map<String, Object> tree = walk(context.client(), root, !flags.has("json"));
        if (progress) {
            context.err.print("\r\033[K");
        }
        if (flags.has("json")) {
            context.out.println(Json.pretty(tree));
        }
        return ExitCode.OK;
    }

    /** Lists {@code folder}; prints leaves as it goes in line mode, else returns them nested. */
    private Map<String, Object> walk(ImdsClient client, String folder, boolean lines)
            throws ImdsException {
        Map<String, Object> node = new LinkedHashMap<>();
        for (MetadataEntry e : client.metadata().list(folder)) {
            tick(folder + e.name());
            if (e.folder()) {
                node.put(e.name(), walk(client, folder + e.name() + "/", lines));
                continue;
            }
            Object value = GetCommand.jsonValue(client.getBytes(folder + e.name()));
            if (lines) {
                String text = value instanceof String s ? s : value.toString();
                context.out.println(folder + e.name() + " = " + text.replace("\n", "\\n"));
            } else {
                node.put(e.name(), value);
            }
        }
        return node;
    }

    /**
     * Whether stderr is a terminal, so that progress there is seen and not logged. Java has no
     * isatty; on Linux /proc tells where descriptor 2 points. Elsewhere, a console means a
     * terminal on stdin and stdout, which is the best guess left.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(
                    java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    private void tick(String path) {
        requests++;
        if (progress) {
            context.err.print("\r\033[K" + requests + " requests: " + path);
            context.err.flush();
        }
    }
}
