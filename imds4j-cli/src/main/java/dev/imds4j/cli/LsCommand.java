package dev.imds4j.cli;

import dev.imds4j.MetadataEntry;

/** {@code imds ls [PATH]}: one folder's children, sub-folders with a trailing slash. */
final class LsCommand extends Command {
    LsCommand() {
        super("imds ls [PATH]",
                """
                Lists a folder's children, one per line; sub-folders end with /.
                PATH defaults to /latest/meta-data/.""", "");
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 1);
        String path = flags.args().isEmpty() ? "/latest/meta-data/"
                : GetCommand.absolute(flags.args().get(0));
        for (MetadataEntry e : context.client().metadata().list(path)) {
            context.out.println(e.folder() ? e.name() + "/" : e.name());
        }
        return ExitCode.OK;
    }
}
