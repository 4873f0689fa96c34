package dev.imds4j.cli;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.cli.Options;

/** {@code imds completion}: prints the bash completion script. */
final class CompletionCommand implements Command {
    @Override
    public String name() {
        return "completion";
    }

    @Override
    public String usage() {
        return "imds completion";
    }

    @Override
    public String help() {
        return Cli.help(this, """
                Prints the bash completion script. Load it with:
                  source <(imds completion)""", "");
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(Context context, Flags flags) throws IOException {
        Cli.noMoreThan(flags, 0, this);
        try (InputStream in = CompletionCommand.class.getResourceAsStream("imds.bash")) {
            if (in == null) {
                throw new IOException("the completion script is missing from this build");
            }
            context.write(in.readAllBytes());
        }
        return ExitCode.OK;
    }
}
