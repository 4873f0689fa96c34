/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.UserData;
import org.apache.commons.cli.Options;

/** {@code imds user-data [--decompress]}: the user data, exactly or decompressed. */
final class UserDataCommand extends Command {
    UserDataCommand() {
        super("imds user-data [--decompress]",
                """
                Prints the user data exactly as served. Exits 3 when the instance has none.""",
                """
                  --decompress   gunzip it first when it is gzip (it starts with the gzip
                                 magic number): one or more gzip members, then nothing but
                                 zero bytes; corrupt, truncated or trailing data is refused
                                 (exit 1), as cloud-init would not decompress it either
                """);
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag("decompress"));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        UserData data = context.client().metadata().userData().orElseThrow(
                () -> new NotFoundException("this instance has no user data"));
        byte[] bytes = data.bytes();
        context.write(flags.has("decompress") && Gunzip.isGzip(bytes)
                ? Gunzip.decompress(bytes) : bytes);
        return ExitCode.OK;
    }
}
