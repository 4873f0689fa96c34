/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import java.util.Map;
import org.apache.commons.cli.Options;

/** {@code imds region}: the region, from {@code placement/region}. */
final class RegionCommand extends Command {
    RegionCommand() {
        super("imds region [--json]",
                "Prints the instance's region, such as eu-west-1.",
                "  --json    print {\"region\": \"...\"} instead\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        String region = context.client().metadata().region();
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(Map.of("region", region)));
        } else {
            context.out.println(region);
        }
        return ExitCode.OK;
    }
}
