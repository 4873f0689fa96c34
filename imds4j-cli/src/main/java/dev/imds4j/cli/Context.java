package dev.imds4j.cli;

import dev.imds4j.EndpointMode;
import dev.imds4j.ImdsClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * What a command works with: the streams, the environment, the parsed flags, and the client
 * built from them on first use (closed when the command ends).
 */
final class Context implements AutoCloseable {
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final Flags flags;
    final Terminal terminal;
    private final URI emulatorEndpoint;
    private ImdsClient client;
    private int last = '\n';

    Context(PrintStream out, PrintStream err, Map<String, String> env, Flags flags,
            URI emulatorEndpoint, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.flags = flags;
        this.emulatorEndpoint = emulatorEndpoint;
        this.terminal = terminal;
    }

    boolean verbose() {
        return flags.has(Flags.VERBOSE);
    }

    /** Where library log records go: stderr under {@code --verbose}, else nowhere. */
    System.Logger logger() {
        return verbose() ? new StderrLogger(err) : StderrLogger.SILENT;
    }

    /** The client, built from the flags on first use. */
    ImdsClient client() {
        if (client == null) {
            client = builder(env).build();
        }
        return client;
    }

    /** A builder configured from the flags over {@code environment}; nothing is sent. */
    ImdsClient.Builder builder(Map<String, String> environment) {
        ImdsClient.Builder b = ImdsClient.builder().environment(environment).logger(logger());
        if (emulatorEndpoint != null) {
            b.endpoint(emulatorEndpoint);
        } else if (flags.value(Flags.ENDPOINT) != null) {
            try {
                b.endpoint(flag(Flags.ENDPOINT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage(), e);
            }
        }
        String mode = flags.value(Flags.ENDPOINT_MODE);
        if (mode != null) {
            try {
                b.endpointMode(EndpointMode.parse(mode));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--endpoint-mode: " + e.getMessage());
            }
        }
        if (flags.value(Flags.PROFILE) != null) {
            try {
                b.profile(flag(Flags.PROFILE));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage(), e);
            }
        }
        Duration ttl = flags.duration(Flags.TTL);
        if (ttl != null) {
            try {
                b.tokenTtl(ttl);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ttl: must be whole seconds from 1s to 6h, not '"
                        + flags.value(Flags.TTL) + "'");
            }
        }
        Integer attempts = flags.integer(Flags.ATTEMPTS, 1, 20);
        if (attempts != null) {
            b.maxAttempts(attempts);
        }
        Duration connect = flags.duration(Flags.CONNECT_TIMEOUT);
        if (connect != null) {
            b.connectTimeout(checked(Flags.CONNECT_TIMEOUT, connect));
        }
        Duration read = flags.duration(Flags.READ_TIMEOUT);
        if (read != null) {
            b.readTimeout(checked(Flags.READ_TIMEOUT, read));
        }
        Duration timeout = flags.duration(Flags.TIMEOUT);
        if (timeout != null) {
            b.operationTimeout(checked(Flags.TIMEOUT, timeout));
        }
        return b;
    }

    private String flag(String name) {
        return flags.value(name);
    }

    private Duration checked(String name, Duration d) {
        if (d.toMillis() < 1 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new UsageException("--" + name + ": must be 1ms to 1h, not '"
                    + flags.value(name) + "'");
        }
        return d;
    }

    /** Writes bytes to stdout exactly. */
    void write(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        if (bytes.length > 0) {
            last = bytes[bytes.length - 1];
        }
    }

    /** Writes a line feed to stdout. */
    void newline() {
        out.write('\n');
        last = '\n';
    }

    /**
     * Ends a command's output, whether it succeeded or not: on a terminal, a value that did not
     * end with a line feed gets one, so that neither the prompt nor an error message sticks to
     * it. A pipe or file gets the exact bytes.
     */
    void finish() {
        if (last != '\n' && terminal.stdout()) {
            newline();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
