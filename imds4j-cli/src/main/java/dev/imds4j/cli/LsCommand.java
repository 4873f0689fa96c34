package dev.imds4j.cli;

import dev.imds4j.MetadataEntry;
import org.apache.commons.cli.Options;

/** {@code imds ls [PATH]}: one folder's children, sub-folders with a trailing slash. */
final class LsCommand implements Command {
    @Override
    public String name() {
        return "ls";
    }

    @Override
    public String usage() {
        return "imds ls [PATH]";
    }

    @Override
    public String help() {
        return Cli.help(this, """
                Lists a folder's children, one per line; sub-folders end with /.
                PATH defaults to /latest/meta-data/.""", "");
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(Context context, Flags flags) throws Exception {
        Cli.noMoreThan(flags, 1, this);
        String path = flags.args().isEmpty() ? "/latest/meta-data/"
                : GetCommand.absolute(flags.args().get(0));
        for (MetadataEntry e : context.client().metadata().list(path)) {
            context.out.println(e.folder() ? e.name() + "/" : e.name());
        }
        return ExitCode.OK;
    }
}
