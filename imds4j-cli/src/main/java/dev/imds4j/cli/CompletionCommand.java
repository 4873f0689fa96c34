/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.io.IOException;
import java.io.InputStream;

/** {@code imds completion}: prints the bash completion script. */
final class CompletionCommand extends Command {
    CompletionCommand() {
        super("imds completion",
                """
                Prints the bash completion script. Load it with:
                  source <(imds completion)""", "");
    }

    @Override
    boolean usesClient() {
        return false;
    }

    @Override
    int run(Context context, Flags flags) throws IOException {
        noMoreThan(flags, 0);
        try (InputStream in = CompletionCommand.class.getResourceAsStream("imds.bash")) {
            if (in == null) {
                throw new IOException("the completion script is missing from this build");
            }
            context.write(in.readAllBytes());
        }
        return ExitCode.OK;
    }
}
