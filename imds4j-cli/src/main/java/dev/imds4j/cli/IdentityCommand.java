/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import org.apache.commons.cli.Options;

/**
 * {@code imds identity}: the instance identity document exactly as served, so that it still
 * matches its signature ({@code /latest/dynamic/instance-identity/pkcs7} and {@code signature}).
 */
final class IdentityCommand extends Command {
    static final String DOCUMENT = "/latest/dynamic/instance-identity/document";

    IdentityCommand() {
        super("imds identity [--json]",
                """
                Prints the instance identity document byte for byte as served, so that it
                still matches its signature (imds get /latest/dynamic/instance-identity/pkcs7).
                It is JSON already; --json is accepted and changes nothing.""",
                "  --json    the same document (it is JSON)\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        context.write(context.client().getBytes(DOCUMENT));
        return ExitCode.OK;
    }
}
