package dev.imds4j.cli;

/** {@code imds region}: the region, from {@code placement/region}. */
final class RegionCommand extends Command {
    RegionCommand() {
        super("imds region",
                "Prints the instance's region, such as eu-west-1.", "");
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        context.out.println(context.client().metadata().region());
        return ExitCode.OK;
    }
}
