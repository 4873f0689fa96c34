/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.emulator.HttpTokens;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.InstanceFeature;
import dev.imds4j.emulator.MaintenanceEvent;
import dev.imds4j.emulator.SpotAction;
import dev.imds4j.emulator.Throttling;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.Options;

/** {@code imds serve}: the bundled IMDSv2 emulator, with scenarios from flags. */
final class ServeCommand extends Command {
    ServeCommand() {
        super("imds serve [--port N] [--host H] [--config FILE] [scenario flags]",
                """
                Runs the IMDSv2 emulator until interrupted. The first line on stdout is
                'listening on URL'; point clients at that URL. The client options
                (--endpoint, --emulator, --timeout, ...) do not apply to it.""",
                """
                          --port N               TCP port, 0 for a free one (default 1338)
                          --host H               address to bind (default 127.0.0.1)
                          --config FILE          JSON configuration (see the emulator's docs)
                          --log                  print each request on stderr (tokens redacted)
                          --imdsv1               answer GETs without a token (HttpTokens optional)
                          --feature NAME         metadata only some instances have (repeatable),
                                                 such as ipv6, placementGroup, dedicatedHost
                          --throttle-rate N      throttle beyond N requests per second
                          --throttle-concurrency N  throttle beyond N requests answered at once
                          --throttle-mode MODE   stall (the default; as real IMDS: held
                                                 unanswered), drop (closed unanswered) or 429
                          --spot-in DURATION     a spot interruption notice after DURATION
                          --spot-action ACTION   with --spot-in: terminate (default), stop or
                                                 hibernate
                          --rebalance-in DUR     a rebalance recommendation after DUR
                          --maintenance-in DUR   a scheduled system-reboot event after DUR
                          --terminate-in DUR     auto scaling target state Terminated after DUR
                        """.stripIndent());
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.valued("port", "N"))
                .addOption(Flags.valued("host", "H")).addOption(Flags.valued("config", "FILE"))
                .addOption(Flags.flag("log")).addOption(Flags.flag("imdsv1"))
                .addOption(Flags.valued("feature", "NAME"))
                .addOption(Flags.valued("throttle-rate", "N"))
                .addOption(Flags.valued("throttle-concurrency", "N"))
                .addOption(Flags.valued("throttle-mode", "MODE"))
                .addOption(Flags.valued("spot-in", "DURATION"))
                .addOption(Flags.valued("spot-action", "ACTION"))
                .addOption(Flags.valued("rebalance-in", "DURATION"))
                .addOption(Flags.valued("maintenance-in", "DURATION"))
                .addOption(Flags.valued("terminate-in", "DURATION"));
    }

    @Override
    boolean usesClient() {
        return false;
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        ImdsEmulator.Builder b = ImdsEmulator.builder();
        Integer port = flags.integer("port", 0, 65_535);
        b.port(port == null ? 1338 : port);
        String host = flags.value("host");
        if (host != null) {
            if (host.isBlank()) {
                throw new UsageException("--host: must not be blank");
            }
            b.host(host);
        }
        if (flags.value("config") != null) {
            b.config(Path.of(flags.value("config")));
        }
        if (flags.has("log")) {
            // the journal line escapes what the request carried (a header with ESC colours
            // no terminal); controls() guards anyway
            b.requestListener(r -> context.err.println("imds: " + Text.controls(r.toString())));
        }
        for (String name : flags.values("feature")) {
            b.feature(feature(name));
        }
        Throttling throttling = throttling(flags);
        if (throttling != null) {
            b.throttle(throttling);
        }
        SpotAction action = spotAction(flags.value("spot-action"));
        if (flags.value("spot-action") != null && flags.value("spot-in") == null) {
            throw new UsageException("--spot-action needs --spot-in, which schedules the "
                    + "interruption it names");
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (ImdsEmulator emulator = startOrExplain(b, host == null ? "127.0.0.1" : host,
                port == null ? 1338 : port)) {
            Instant now = emulator.clock().instant();
            if (flags.has("imdsv1")) {
                emulator.httpTokens(HttpTokens.OPTIONAL);
            }
            Duration spot = flags.duration("spot-in");
            if (spot != null) {
                emulator.scheduleSpotInterruption(action, now.plus(spot),
                        now.plus(spot).plusSeconds(120));
            }
            Duration rebalance = flags.duration("rebalance-in");
            if (rebalance != null) {
                emulator.scheduleRebalanceRecommendation(now.plus(rebalance));
            }
            Duration maintenance = flags.duration("maintenance-in");
            if (maintenance != null) {
                Instant start = now.plus(maintenance).plus(Duration.ofDays(7));
                emulator.scheduleMaintenanceEvent(new MaintenanceEvent("system-reboot",
                        "The instance is scheduled for system-reboot",
                        "instance-event-0123456789abcdef0", start, start.plusSeconds(7200),
                        "active"), now.plus(maintenance));
            }
            Duration terminate = flags.duration("terminate-in");
            if (terminate != null) {
                emulator.scheduleTargetLifecycleState("Terminated", now.plus(terminate));
            }
            context.out.println("listening on " + emulator.endpoint());
            context.checkOutput();
            Thread hook = new Thread(stop::countDown, "imds-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Runtime.getRuntime().removeShutdownHook(hook);
                return ExitCode.OK;
            }
        }
        // only the hook counts down: a signal is shutting the JVM down
        return ExitCode.SHUTTING_DOWN;
    }

    private static InstanceFeature feature(String name) {
        StringBuilder known = new StringBuilder();
        for (InstanceFeature f : InstanceFeature.values()) {
            if (f.configName().equals(name)) {
                return f;
            }
            known.append(known.length() == 0 ? "" : ", ").append(f.configName());
        }
        throw new UsageException("--feature: unknown feature " + Text.quote(name) + "; known: "
                + known);
    }

    /** The throttle the flags ask for, or null for none. */
    private static Throttling throttling(Flags flags) {
        Integer rate = flags.integer("throttle-rate", 1, 1_000_000);
        Integer concurrency = flags.integer("throttle-concurrency", 1, 1_000_000);
        String mode = flags.value("throttle-mode");
        if (rate == null && concurrency == null) {
            if (mode != null) {
                throw new UsageException("--throttle-mode needs --throttle-rate or "
                        + "--throttle-concurrency");
            }
            return null;
        }
        Throttling.Mode m = Throttling.Mode.STALL;
        if (mode != null) {
            switch (mode) {
                case "stall" -> m = Throttling.Mode.STALL;
                case "drop" -> m = Throttling.Mode.DROP;
                case "429" -> m = Throttling.Mode.STATUS_429;
                default -> throw new UsageException("--throttle-mode: expected stall, drop or "
                        + "429, not " + Text.quote(mode));
            }
        }
        return Throttling.of(m, rate == null ? 0 : rate, concurrency == null ? 0 : concurrency);
    }

    /** Starts it, or says what was wrong with the file or the address, naming them. */
    private static ImdsEmulator startOrExplain(ImdsEmulator.Builder b, String host, int port)
            throws Exception {
        String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        try {
            return b.start();
        } catch (NoSuchFileException e) {
            throw new UsageException("--config: no such file: " + Text.escape(e.getFile()));
        } catch (AccessDeniedException e) {
            throw new UsageException("--config: cannot read " + Text.escape(e.getFile())
                    + ": permission denied");
        } catch (FileSystemException e) {
            throw new UsageException("--config: cannot read " + Text.escape(e.getFile())
                    + (e.getReason() == null ? "" : ": " + e.getReason()));
        } catch (UnknownHostException e) {
            throw new UsageException("--host: cannot resolve " + Text.quote(host));
        } catch (BindException e) {
            String reason = e.getMessage() == null ? "cannot bind" : e.getMessage();
            int paren = reason.indexOf(" (");
            throw new UsageException("cannot listen on " + address + ": "
                    + (paren > 0 ? reason.substring(0, paren) : reason).toLowerCase(Locale.ROOT)
                    + (reason.startsWith("Address already in use")
                            ? "; another server has it: choose another --port, or --port 0"
                            : ""));
        }
    }

    private static SpotAction spotAction(String text) {
        if (text == null) {
            return SpotAction.TERMINATE;
        }
        try {
            return SpotAction.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--spot-action: expected terminate, stop or hibernate, not "
                    + Text.quote(text));
        }
    }
}
