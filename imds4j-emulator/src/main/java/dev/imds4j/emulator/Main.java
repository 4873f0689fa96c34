/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone emulator: {@code java -jar imds4j-emulator.jar [--port N] [--host H]
 * [--config FILE] [--feature NAME] [--throttle-rate N] [--throttle-concurrency N]
 * [--throttle-mode MODE] [--log]}. Prints {@code listening on URL} as its first line, serves until
 * SIGTERM or SIGINT, and exits 2 with a one-line message on a bad argument, port or file, in its
 * own words and with control characters escaped.
 */
final class Main {
    static final int USAGE = 2;
    private static final String NAME = "imds4j-emulator";
    private static final String HELP = """
            usage: java -jar imds4j-emulator.jar [--port N] [--host H] [--config FILE]
                   [--feature NAME]... [--throttle-rate N] [--throttle-concurrency N]
                   [--throttle-mode MODE] [--log]

            An IMDSv2 emulator for testing instance metadata clients.
              --port N                  TCP port, 0 for a free one (default 1338)
              --host H                  address to bind (default 127.0.0.1)
              --config FILE             JSON file: instance values, options, scenarios, faults
              --feature NAME            metadata only some instances have (repeatable): %s
              --throttle-rate N         throttle beyond N requests per second
              --throttle-concurrency N  throttle beyond N requests answered at once
              --throttle-mode MODE      stall (the default: held unanswered, as real IMDS
                                        drops packets), drop (connection closed) or 429
              --log                     print each request to stderr (tokens redacted)
              --help                    show this help
            """.formatted(InstanceFeature.configNames());

    private Main() {}

    public static void main(String[] args) {
        CountDownLatch stopped = new CountDownLatch(1);
        int code = run(args, System.out, System.err, emulator -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                emulator.close();
                System.err.println(NAME + ": stopped");
                stopped.countDown();
            }, "imds-emulator-shutdown"));
            awaitUninterruptibly(stopped);
        });
        if (code != 0) {
            System.exit(code);
        }
    }

    /** What to do with the running emulator; the standalone process waits for a signal. */
    interface Serving {
        void serve(ImdsEmulator emulator) throws IOException;
    }

    /** Parses {@code args}, starts the emulator and serves it; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, Serving serving) {
        ImdsEmulator.Builder builder = ImdsEmulator.builder().port(1338);
        boolean log = false;
        Integer rate = null;
        Integer concurrency = null;
        Throttling.Mode mode = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> builder.port(port(value(args, ++i, arg)));
                    case "--host" -> builder.host(value(args, ++i, arg));
                    case "--config" -> builder.config(Path.of(value(args, ++i, arg)));
                    case "--feature" -> builder.feature(feature(value(args, ++i, arg)));
                    case "--throttle-rate" -> rate = count(arg, value(args, ++i, arg));
                    case "--throttle-concurrency" ->
                        concurrency = count(arg, value(args, ++i, arg));
                    case "--throttle-mode" -> mode = mode(value(args, ++i, arg));
                    case "--log" -> log = true;
                    case "--help", "-h" -> {
                        out.print(HELP);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg
                            + "' (try --help)");
                }
            }
            if (mode != null && rate == null && concurrency == null) {
                throw new IllegalArgumentException("--throttle-mode needs --throttle-rate or "
                        + "--throttle-concurrency");
            }
            if (rate != null || concurrency != null) {
                builder.throttle(Throttling.of(mode == null ? Throttling.Mode.STALL : mode,
                        rate == null ? 0 : rate, concurrency == null ? 0 : concurrency));
            }
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        if (log) {
            builder.requestListener(err::println);
        }
        try (ImdsEmulator emulator = builder.start()) {
            out.println("listening on " + emulator.endpoint());
            out.flush();
            serving.serve(emulator);
            return 0;
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        } catch (NoSuchFileException e) {
            return fail(err, "config file not found: " + e.getFile());
        } catch (AccessDeniedException e) {
            return fail(err, "cannot read the config file " + e.getFile() + ": permission denied");
        } catch (FileSystemException e) {
            return fail(err, "cannot read the config file " + e.getFile()
                    + (e.getReason() == null ? "" : ": " + e.getReason()));
        } catch (BindException e) {
            return fail(err, "cannot listen there: " + e.getMessage());
        } catch (UnknownHostException e) {
            return fail(err, "--host: cannot resolve it: " + e.getMessage());
        } catch (IOException e) {
            return fail(err, e.getMessage());
        }
    }

    /** Prints {@code imds4j-emulator: MESSAGE}, control characters escaped; exit code 2. */
    private static int fail(PrintStream err, String message) {
        err.println(NAME + ": " + Escapes.line(String.valueOf(message)));
        return USAGE;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int count(String option, String text) {
        if (digits(text)) {
            long n = Long.parseLong(text);
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        }
        throw new IllegalArgumentException(option + ": expected a whole number of at least 1, "
                + "not '" + text + "'");
    }

    private static Throttling.Mode mode(String text) {
        Throttling.Mode m = Throttling.Mode.byConfigName(text);
        if (m == null) {
            throw new IllegalArgumentException("--throttle-mode: expected stall, drop or 429, not '"
                    + text + "'");
        }
        return m;
    }

    private static InstanceFeature feature(String text) {
        InstanceFeature f = InstanceFeature.byConfigName(text);
        if (f == null) {
            throw new IllegalArgumentException("--feature: unknown feature '" + text + "'; known: "
                    + InstanceFeature.configNames());
        }
        return f;
    }

    /**
     * Whether the text is 1 to 10 ASCII digits: {@link Integer#parseInt} also takes other
     * scripts' digits (Arabic-Indic, Devanagari, ...), which no command line means.
     */
    private static boolean digits(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int port(String text) {
        if (digits(text)) {
            long port = Long.parseLong(text);
            if (port <= 65_535) {
                return (int) port;
            }
        }
        throw new IllegalArgumentException("invalid port '" + text + "': expected 0..65535");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // only a signal stops the standalone emulator
            }
        }
    }
}
