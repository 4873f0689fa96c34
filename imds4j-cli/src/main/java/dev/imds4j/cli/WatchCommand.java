/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsDisabledException;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.Options;

/**
 * {@code imds watch}: polls the notices and prints each new one as a JSON line, as a node
 * termination handler needs. Transient IMDS failures are reported on stderr and polling goes on.
 */
final class WatchCommand extends Command {
    WatchCommand() {
        super("imds watch [--interval DURATION] [--exit-on-notice]",
                """
                Polls the spot interruption, rebalance recommendation, scheduled maintenance
                and auto scaling lifecycle notices, and prints each new one as one JSON line,
                such as {"type":"spot-interruption","action":"terminate","time":"..."}.
                A lifecycle state counts as new when it differs from the last one seen
                (InService at first). Runs until interrupted, or until a line cannot be
                written: when the reader of a pipe has gone (imds watch | head -n 1), at the
                next notice, silently with exit 141 as a command killed by SIGPIPE; other
                write errors exit 1. IMDS failures are reported on stderr and polling goes
                on, except when IMDS is turned off (AWS_EC2_METADATA_DISABLED, or 403 as for an
                instance whose metadata endpoint is disabled): exit 5.""",
                """
                  --interval DURATION   time between polls (default 5s)
                  --exit-on-notice      print the first new notice only, then exit 0; of
                                        several new at once, the first in the order spot,
                                        rebalance, maintenance, lifecycle
                  --json                accepted: the output is JSON lines already
                """);
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.valued("interval", "DURATION"))
                .addOption(Flags.flag("exit-on-notice")).addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        Duration interval = flags.duration("interval");
        if (interval == null) {
            interval = Duration.ofSeconds(5);
        } else if (interval.toMillis() < 10) {
            throw new UsageException("--interval: must be at least 10ms");
        }
        boolean exitOnNotice = flags.has("exit-on-notice");
        Set<String> seen = new HashSet<>();
        String lifecycle = "lifecycle InService";
        while (true) {
            try {
                Map<String, Map<String, Object>> notices =
                        Notices.read(context.client().metadata()).keyed();
                for (Map.Entry<String, Map<String, Object>> n : notices.entrySet()) {
                    String key = n.getKey();
                    boolean isLifecycle = key.startsWith("lifecycle ");
                    if (isLifecycle ? key.equals(lifecycle) : !seen.add(key)) {
                        continue;
                    }
                    if (isLifecycle) {
                        lifecycle = key;
                    }
                    context.out.println(Json.line(n.getValue()));
                    if (exitOnNotice) {
                        context.checkOutput();
                        return ExitCode.OK;
                    }
                }
                context.checkOutput();
            } catch (ImdsDisabledException e) {
                throw e;
            } catch (ImdsException e) {
                // 403: IMDS is turned off for the instance (HttpEndpoint disabled), which no
                // poll will change
                if (e instanceof ImdsStatusException s && s.status() == 403) {
                    throw e;
                }
                context.err.println("imds: " + e.getMessage());
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
