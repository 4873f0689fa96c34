package dev.imds4j.cli;

import org.apache.commons.cli.Options;

/** {@code imds region}: the region, from {@code placement/region}. */
final class RegionCommand implements Command {
    @Override
    public String name() {
        return "region";
    }

    @Override
    public String usage() {
        return "imds region";
    }

    @Override
    public String help() {
        return Cli.help(this, "Prints the instance's region, such as eu-west-1.", "");
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(Context context, Flags flags) throws Exception {
        Cli.noMoreThan(flags, 0, this);
        context.out.println(context.client().metadata().region());
        return ExitCode.OK;
    }
}
