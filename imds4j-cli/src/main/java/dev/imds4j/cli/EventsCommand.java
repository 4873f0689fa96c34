/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import org.apache.commons.cli.Options;

/** {@code imds events [--json]}: the notices IMDS holds now. */
final class EventsCommand extends Command {
    EventsCommand() {
        super("imds events [--json]",
                """
                Prints the spot interruption notice, rebalance recommendation, scheduled
                maintenance events and auto scaling target lifecycle state.""",
                "  --json    print one JSON object instead (absent notices as null)\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        Notices notices = Notices.read(context.client().metadata());
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(notices.toJson()));
        } else {
            for (String line : notices.lines()) {
                context.out.println(line);
            }
        }
        return ExitCode.OK;
    }
}
