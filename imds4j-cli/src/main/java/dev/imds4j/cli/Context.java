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

    /**
     * A builder configured from the flags over {@code environment}; nothing is sent. The CLI
     * parses a flag's text (a duration, a number); the builder alone decides what is in range,
     * and a value it refuses is a usage error naming the flag, the value as typed and the
     * builder's reason: one mapping for every flag.
     */
    ImdsClient.Builder builder(Map<String, String> environment) {
        ImdsClient.Builder b = ImdsClient.builder().environment(environment).logger(logger());
        String flag = null;
        try {
            if (emulatorEndpoint != null) {
                b.endpoint(emulatorEndpoint);
            } else if (flags.value(Flags.ENDPOINT) != null) {
                flag = Flags.ENDPOINT;
                b.endpoint(flags.value(flag));
            }
            if (flags.value(Flags.ENDPOINT_MODE) != null) {
                flag = Flags.ENDPOINT_MODE;
                b.endpointMode(EndpointMode.parse(flags.value(flag)));
            }
            if (flags.value(Flags.PROFILE) != null) {
                flag = Flags.PROFILE;
                b.profile(flags.value(flag));
            }
            flag = Flags.TTL;
            Duration ttl = flags.duration(flag);
            if (ttl != null) {
                b.tokenTtl(ttl);
            }
            flag = Flags.ATTEMPTS;
            Integer attempts = flags.integer(flag, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (attempts != null) {
                b.maxAttempts(attempts);
            }
            flag = Flags.CONNECT_TIMEOUT;
            Duration connect = flags.duration(flag);
            if (connect != null) {
                b.connectTimeout(connect);
            }
            flag = Flags.READ_TIMEOUT;
            Duration read = flags.duration(flag);
            if (read != null) {
                b.readTimeout(read);
            }
            flag = Flags.TIMEOUT;
            Duration timeout = flags.duration(flag);
            if (timeout != null) {
                b.operationTimeout(timeout);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + flag + ": invalid value '" + flags.value(flag)
                    + "' (" + e.getMessage() + ")", e);
        }
        return b;
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
