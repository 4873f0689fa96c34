/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;

/**
 * A client for the EC2 Instance Metadata Service, IMDSv2 only: it never falls back to IMDSv1.
 *
 * <p>The client fetches a session token ({@code PUT /latest/api/token}), caches it until a
 * buffer before the expiry IMDS states, and sends it with every GET; concurrent callers share one
 * token fetch. Failures worth retrying (5xx, 429, 401 after a token refresh, a connection that
 * breaks, a read timeout, and refused or timed-out connects once IMDS is known to be there) are
 * retried with exponential backoff and full jitter, honouring {@code Retry-After}, within {@code
 * maxAttempts} and the operation timeout; others (400, 403, 404, a refused connection off EC2)
 * fail at once. At most {@code maxConnections} connections are open at once; callers beyond wait
 * for one within their deadline. Exceptions name the request, the endpoint and the likely fix,
 * never a token or a body; values come back as {@link SensitiveString}, which does not print.
 *
 * <p>On a host that {@link Ec2Host} knows is not EC2, with no endpoint configured, every call
 * fails at once and sends nothing ({@link #knownOffEc2()}).
 *
 * <p>The endpoint comes from, in order: {@link Builder#endpoint(URI)}, {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT}, {@code ec2_metadata_service_endpoint} in the AWS config file,
 * then the endpoint mode from {@link Builder#endpointMode(EndpointMode)}, {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE}, {@code ec2_metadata_service_endpoint_mode}, else IPv4
 * ({@code http://169.254.169.254}). See {@link #config()} for every setting and its source.
 *
 * <p>Requests bypass every proxy and never follow redirects. Thread-safe; close it to release
 * its connections and its async threads. After {@link #close()}, calls throw {@link
 * IllegalStateException}.
 *
 * <pre>{@code
 * try (ImdsClient imds = ImdsClient.create()) {
 *     String region = imds.get("/latest/meta-data/placement/region").reveal();
 *     byte[] userData = imds.getBytes("/latest/user-data");
 * }
 * }</pre>
 */
public final class ImdsClient implements AutoCloseable {
    /** Longer budgets are this one (about 73 years): no overflow on the monotonic clock. */
    private static final Duration MAX_BUDGET = Duration.ofNanos(Long.MAX_VALUE / 4);
    private final ImdsConfig config;
    private final URI endpoint;
    private final long operationNanos;
    private final boolean knownOffEc2;
    private final HttpTransport transport;
    private final Failures failures;
    private final RetryExecutor engine;
    private final Executor givenExecutor;
    private final Object executorLock;
    private ScheduledThreadPoolExecutor ownExecutor; // guarded by executorLock
    /** Async calls in flight, with their requests, so that close() can fail each by name. */
    private final Map<CompletableFuture<?>, Request> pending;
    private final InstanceMetadata metadata = new InstanceMetadata(this);
    private final AtomicBoolean closed;
    /** This client, or, for a {@linkplain #withDeadlineAfter deadline view}, the one it shares. */
    private final ImdsClient root;
    /** A view's deadline ({@link System#nanoTime()}) and its description; null limit: none. */
    private final long deadlineNanos;
    private final String deadlineLimit;

    private ImdsClient(Builder b, ImdsConfig config) {
        this.root = this;
        this.deadlineNanos = 0;
        this.deadlineLimit = null;
        this.executorLock = new Object();
        this.pending = new ConcurrentHashMap<>();
        this.closed = new AtomicBoolean();
        this.config = config;
        this.endpoint = config.endpoint().value();
        this.operationNanos = config.operationTimeout().value().toNanos();
        Ec2Host host = config.host().value();
        this.knownOffEc2 = knownOffEc2(config);
        this.givenExecutor = b.executor;
        this.transport = new HttpTransport(endpoint, b.sslSocketFactory,
                config.connectTimeout().value().toMillis(), config.readTimeout().value().toNanos(),
                config.maxConnections().value(), userAgent());
        this.failures = new Failures(endpoint, config.connectTimeout().value().toMillis(),
                config.readTimeout().value().toMillis(),
                config.operationTimeout().value().toMillis(),
                config.tokenTtl().value().toSeconds(), host);
        this.engine = new RetryExecutor(transport, failures,
                b.clock != null ? b.clock : MonotonicClock.startingNow(), new Threads(), b.logger,
                config.maxAttempts().value(), config.tokenTtl().value().toSeconds(),
                config.retryBackoffBase().value(), config.retryBackoffMax().value(),
                config.connectRetry().value(), host);
    }

    /** A deadline view of {@code root}: shares everything, owns nothing. */
    private ImdsClient(ImdsClient root, long deadlineNanos, String deadlineLimit) {
        this.root = root;
        this.deadlineNanos = deadlineNanos;
        this.deadlineLimit = deadlineLimit;
        this.executorLock = root.executorLock;
        this.pending = root.pending;
        this.closed = root.closed;
        this.config = root.config;
        this.endpoint = root.endpoint;
        this.operationNanos = root.operationNanos;
        this.knownOffEc2 = root.knownOffEc2;
        this.givenExecutor = root.givenExecutor;
        this.transport = root.transport;
        this.failures = root.failures;
        this.engine = root.engine;
    }

    /**
     * Returns a client configured from the environment and the AWS config file alone.
     *
     * @return a new client; the caller closes it
     * @throws ImdsConfigurationException if a setting there is invalid
     */
    public static ImdsClient create() {
        return builder().build();
    }

    /**
     * Returns a builder for a client with explicit settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the endpoint requests go to, as resolved when the client was built. No I/O.
     *
     * @return such as {@code http://169.254.169.254}
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Returns every resolved setting with its source. No I/O.
     *
     * @return the settings
     */
    public ImdsConfig config() {
        return config;
    }

    /**
     * Returns the EC2 host detection this client acts on: {@link Builder#host(Ec2Host)}, else
     * {@link Ec2Host#current()}. No I/O.
     *
     * @return the detection
     */
    public Ec2Host host() {
        return config.host().value();
    }

    /**
     * Returns whether every request fails at once, with nothing sent, because the host is known
     * not to be EC2 ({@link Ec2Host.Kind#NOT_EC2}) and no endpoint is configured (by the builder,
     * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} or the config file). Integrations check it to
     * cost nothing off EC2; {@link Builder#knownOffEc2()} answers the same before any client is
     * built. No I/O.
     *
     * @return true when this client will not try to reach IMDS
     */
    public boolean knownOffEc2() {
        return knownOffEc2;
    }

    /** The rule {@link #knownOffEc2()} and {@link Builder#knownOffEc2()} share. */
    private static boolean knownOffEc2(ImdsConfig config) {
        return config.host().value().kind() == Ec2Host.Kind.NOT_EC2
                && !config.endpointConfigured();
    }

    /**
     * Returns typed access to this client's instance: identity document, region, tags, user
     * data, notices and folder listings, sync and async. No I/O until a method is called.
     *
     * @return the companion of this client; closing the client ends it too
     */
    public InstanceMetadata metadata() {
        return metadata;
    }

    /**
     * Reads a metadata value as text.
     *
     * @param path such as {@code /latest/meta-data/ami-id}: starts with {@code /}; no
     *     whitespace, control characters, unpaired surrogates, {@code ?}, {@code #} or {@code
     *     .}/{@code ..} segments
     * @return the value, decoded as UTF-8
     * @throws ImdsException if IMDS cannot be reached, refuses, or answers with an error or with
     *     bytes that are not UTF-8 ({@link ImdsResponseException}: use {@link #getBytes(String)})
     * @throws IllegalArgumentException if {@code path} is malformed
     * @throws IllegalStateException if the client is closed
     */
    public SensitiveString get(String path) throws ImdsException {
        Request r = Request.get(path);
        Outcome o = execute(r, newCall());
        return new SensitiveString(text(r, o.response.body, o.attempt));
    }

    /**
     * Reads a metadata value as the exact bytes served, such as gzip-compressed user data.
     *
     * @param path as for {@link #get(String)}
     * @return a new array holding the body
     * @throws ImdsException if IMDS cannot be reached, refuses, or answers with an error
     * @throws IllegalArgumentException if {@code path} is malformed
     * @throws IllegalStateException if the client is closed
     */
    public byte[] getBytes(String path) throws ImdsException {
        return execute(Request.get(path), newCall()).response.body;
    }

    /**
     * Reads a metadata value as text without blocking the caller: the token fetch, attempts and
     * backoff run on the client's executor. Cancelling the future stops this call's work and
     * closes the connection it uses; a token fetch it shares with other callers goes on for them.
     *
     * @param path as for {@link #get(String)}
     * @return a future of the value; it fails with the same {@link ImdsException} {@code get}
     *     would throw
     * @throws IllegalArgumentException if {@code path} is malformed
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<SensitiveString> getAsync(String path) {
        Request r = Request.get(path);
        return executeAsync(r, newCall(),
                o -> new SensitiveString(text(r, o.response.body, o.attempt)));
    }

    /**
     * Reads a metadata value's exact bytes without blocking the caller; see {@link
     * #getAsync(String)}.
     *
     * @param path as for {@link #get(String)}
     * @return a future of the body
     * @throws IllegalArgumentException if {@code path} is malformed
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<byte[]> getBytesAsync(String path) {
        return executeAsync(Request.get(path), newCall(), o -> o.response.body);
    }

    /**
     * Returns a view of this client whose calls all end by one deadline, {@code budget} from
     * now: each call through it, sync or async, typed or not, ends at the sooner of that
     * deadline and its own {@linkplain ImdsConfig#operationTimeout() operation timeout}, and
     * fails with an {@link ImdsTimeoutException} that names the deadline; once it has passed,
     * every call fails at once. For one task with a budget over several calls, such as a
     * start-up step that must not hold an application up:
     *
     * <pre>{@code
     * ImdsClient bounded = imds.withDeadlineAfter(Duration.ofMillis(500));
     * InstanceIdentity id = bounded.metadata().identityDocument();
     * String name = bounded.get("/latest/meta-data/hostname").reveal();
     * }</pre>
     *
     * <p>The view shares this client's settings, connections, session token and threads, and
     * costs a small object. It owns nothing: its {@link #close()} does nothing, and closing this
     * client ends the view's calls too. On a view, the sooner of the two deadlines holds.
     *
     * @param budget the time from now to the deadline; zero makes every call fail at once
     * @return the view
     * @throws IllegalArgumentException if {@code budget} is negative
     * @throws IllegalStateException if the client is closed
     */
    public ImdsClient withDeadlineAfter(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget: must not be negative: " + budget);
        }
        checkOpen();
        long nanos = budget.compareTo(MAX_BUDGET) > 0 ? MAX_BUDGET.toNanos() : budget.toNanos();
        long deadline = System.nanoTime() + nanos;
        if (deadlineLimit != null && deadline - deadlineNanos > 0) {
            return new ImdsClient(root, deadlineNanos, deadlineLimit);
        }
        return new ImdsClient(root, deadline, "the caller's deadline ("
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms)");
    }

    /**
     * Closes the client: open connections are closed, async calls in flight fail with an {@link
     * ImdsConnectionException} naming each call's own request, and the client's own threads
     * stop. Idempotent.
     */
    @Override
    public void close() {
        if (root != this || !closed.compareAndSet(false, true)) {
            return;
        }
        transport.close();
        ScheduledThreadPoolExecutor own;
        synchronized (executorLock) {
            own = ownExecutor;
        }
        if (own != null) {
            own.shutdownNow();
        }
        for (Map.Entry<CompletableFuture<?>, Request> e : pending.entrySet()) {
            e.getKey().completeExceptionally(failures.closedOrCancelled(e.getValue(), 0, true));
        }
        if (own != null) {
            try {
                own.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "ImdsClient[" + endpoint + (deadlineLimit != null ? ", deadline view" : "") + "]";
    }

    // ---- for the companions: one deadline over several requests ------------------------------

    /** A new call with this client's operation timeout. */
    Call newCall() {
        long own = System.nanoTime() + operationNanos;
        if (deadlineLimit != null && deadlineNanos - own < 0) {
            return new Call(deadlineNanos, deadlineLimit);
        }
        return new Call(own);
    }

    /** Reads {@code path}'s bytes within {@code call}'s deadline. */
    byte[] getBytes(String path, Call call) throws ImdsException {
        return execute(Request.get(path), call).response.body;
    }

    /** Reads {@code path}'s bytes without blocking, within {@code call}'s deadline. */
    CompletableFuture<byte[]> getBytesAsync(String path, Call call) {
        return executeAsync(Request.get(path), call, o -> o.response.body);
    }

    /** The transport, for tests that count connections. */
    HttpTransport transport() {
        return transport;
    }

    /** Schedules work on the client's threads, for companions that wait without blocking. */
    Refresh.Timer timer() {
        return engine.timer();
    }

    // ---- calls ------------------------------------------------------------------------------

    private Outcome execute(Request r, Call call) throws ImdsException {
        checkOpen();
        if (config.disabled().value()) {
            throw failures.disabled(r, config.disabled().source().description());
        }
        if (knownOffEc2) {
            throw failures.offEc2(r);
        }
        return engine.execute(r, call);
    }

    /** Turns a successful attempt into the caller's type. */
    private interface Converter<T> {
        T apply(Outcome o) throws ImdsException;
    }

    /**
     * Runs {@code r} async; the future returned is the caller's own: cancelling it cancels the
     * call, and close() fails it by name.
     */
    private <T> CompletableFuture<T> executeAsync(Request r, Call call, Converter<T> convert) {
        checkOpen();
        CompletableFuture<T> result = new CompletableFuture<>();
        if (config.disabled().value()) {
            result.completeExceptionally(failures.disabled(r,
                    config.disabled().source().description()));
            return result;
        }
        if (knownOffEc2) {
            result.completeExceptionally(failures.offEc2(r));
            return result;
        }
        pending.put(result, r);
        result.whenComplete((v, e) -> {
            pending.remove(result);
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        engine.executeAsync(r, call).whenComplete((o, error) -> {
            if (error != null) {
                result.completeExceptionally(Refresh.unwrap(error));
                return;
            }
            try {
                result.complete(convert.apply(o));
            } catch (ImdsException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("ImdsClient is closed");
        }
    }

    private String text(Request r, byte[] body, int attempts) throws ImdsResponseException {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw failures.notText(r, body.length, attempts, e);
        }
    }

    private Executor executor() {
        if (givenExecutor != null) {
            return givenExecutor;
        }
        synchronized (executorLock) {
            if (closed.get()) {
                throw new RejectedExecutionException("client closed");
            }
            if (ownExecutor == null) {
                AtomicInteger threads = new AtomicInteger();
                ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(4, task -> {
                    Thread t = new Thread(task, "imds4j-async-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                e.setKeepAliveTime(10, TimeUnit.SECONDS);
                e.allowCoreThreadTimeOut(true);
                e.setRemoveOnCancelPolicy(true);
                ownExecutor = e;
            }
            return ownExecutor;
        }
    }

    /** The client's threads as the engine needs them. */
    private final class Threads implements RetryExecutor.Async {
        @Override
        public Executor executor() {
            return ImdsClient.this.executor();
        }

        @Override
        public boolean closed() {
            return closed.get();
        }

        /** Runs {@code task} after a delay on the client's executor, without blocking a thread. */
        @Override
        public void later(Runnable task, long delayNanos) {
            Executor e;
            try {
                e = executor();
            } catch (RejectedExecutionException closed) {
                task.run(); // the task sees the client closed and ends its call
                return;
            }
            if (e instanceof ScheduledThreadPoolExecutor own) {
                try {
                    own.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    task.run();
                }
            } else {
                CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, e)
                        .execute(task);
            }
        }
    }

    private static String userAgent() {
        String version = ImdsClient.class.getPackage().getImplementationVersion();
        return "imds4j/" + (version == null ? "dev" : version) + " java/"
                + System.getProperty("java.version");
    }

    /**
     * Configures an {@link ImdsClient}. Not thread-safe. Each setter checks its argument at once
     * and names it in the exception; {@link #build()} resolves what was not set from the
     * environment and the AWS config file.
     */
    public static final class Builder {
        private URI endpoint;
        private EndpointMode endpointMode;
        private String profile;
        private Duration tokenTtl;
        private Integer maxAttempts;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration operationTimeout;
        private Map<String, String> environment;
        private Clock clock;
        private Executor executor;
        private SSLSocketFactory sslSocketFactory;
        private System.Logger logger;
        private Integer maxConnections;
        private ConnectRetry connectRetry;
        private Ec2Host host;
        private URI modeEndpoint;
        private Duration backoffBase;
        private Duration backoffMax;

        private Builder() {}

        /**
         * Sets the endpoint, overriding the environment, the config file and the endpoint mode.
         *
         * @param uri an absolute {@code http} or {@code https} URI with a host, such as {@code
         *     http://127.0.0.1:1338}; a path ({@code http://h:1/prefix}) is kept as a prefix
         * @return this builder
         * @throws IllegalArgumentException if it is not such a URI: another scheme, no host, a
         *     port outside 1 to 65535, user info, a query, a fragment, an IPv6 zone id, or a
         *     non-ASCII, space or control character (percent-encode those)
         */
        public Builder endpoint(String uri) {
            Objects.requireNonNull(uri, "uri");
            try {
                this.endpoint = ConfigResolver.parseEndpoint(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint: invalid value '"
                        + ConfigResolver.printable(uri) + "': " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Sets the endpoint; see {@link #endpoint(String)}.
         *
         * @param uri the endpoint
         * @return this builder
         * @throws IllegalArgumentException if it is not an http or https URI with a host, or has
         *     a port outside 1 to 65535, user info, a query, a fragment, a zone id, or a
         *     non-ASCII or control character
         */
        public Builder endpoint(URI uri) {
            return endpoint(Objects.requireNonNull(uri, "uri").toString());
        }

        /**
         * Sets the endpoint mode, used only when no endpoint is configured anywhere.
         *
         * @param mode IPv4 or IPv6; by default from the environment or config file, else IPv4
         * @return this builder
         */
        public Builder endpointMode(EndpointMode mode) {
            this.endpointMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the AWS profile whose config-file settings apply.
         *
         * @param name a profile name; by default {@code AWS_PROFILE}, else {@code default}
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder profile(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("profile: must not be blank");
            }
            this.profile = name.strip();
            return this;
        }

        /**
         * Sets the session token lifetime to ask for.
         *
         * @param ttl 1 second to 6 hours, whole seconds; default 6 hours (21600 s)
         * @return this builder
         * @throws IllegalArgumentException if it is not whole seconds from 1 to 21600
         */
        public Builder tokenTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toNanosPart() != 0 || ttl.getSeconds() < 1 || ttl.getSeconds() > 21_600) {
                throw new IllegalArgumentException(
                        "tokenTtl: must be whole seconds from 1 to 21600, not "
                                + ConfigResolver.seconds(ttl));
            }
            this.tokenTtl = ttl;
            return this;
        }

        /**
         * Sets how many requests may be sent for one call, the first included.
         *
         * @param attempts 1 to 20; default {@code AWS_METADATA_SERVICE_NUM_ATTEMPTS}, {@code
         *     metadata_service_num_attempts}, else 4
         * @return this builder
         * @throws IllegalArgumentException if it is outside 1 to 20
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > ConfigResolver.MAX_ATTEMPTS) {
                throw new IllegalArgumentException("maxAttempts: must be 1 to "
                        + ConfigResolver.MAX_ATTEMPTS + ": " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the limit on opening a connection.
         *
         * @param timeout 1 ms to 1 hour; default {@code AWS_METADATA_SERVICE_TIMEOUT}, {@code
         *     metadata_service_timeout} (seconds, such as {@code 0.5}), else 1 s
         * @return this builder
         * @throws IllegalArgumentException if it is outside 1 ms to 1 hour
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkTimeout("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets the limit on receiving one whole response after sending its request: a server
         * that answers slowly, even byte by byte, is cut off when it passes.
         *
         * @param timeout 1 ms to 1 hour; default as for {@link #connectTimeout(Duration)}
         * @return this builder
         * @throws IllegalArgumentException if it is outside 1 ms to 1 hour
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = checkTimeout("readTimeout", timeout);
            return this;
        }

        /**
         * Sets the limit on a whole call: waiting for or fetching the token, every attempt and
         * the pauses between them.
         *
         * @param timeout 1 ms to 1 hour; default 10 s
         * @return this builder
         * @throws IllegalArgumentException if it is outside 1 ms to 1 hour
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = checkTimeout("operationTimeout", timeout);
            return this;
        }

        private static Duration checkTimeout(String name, Duration timeout) {
            return ConfigResolver.checkTimeout(name, Objects.requireNonNull(timeout, name));
        }

        /**
         * Replaces the process environment for all resolution: the IMDS variables, {@code
         * AWS_PROFILE}, {@code AWS_CONFIG_FILE} and {@code HOME} (for {@code ~/.aws/config}) are
         * read from this map only.
         *
         * @param variables the environment; copied
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(Objects.requireNonNull(variables, "variables"));
            return this;
        }

        /**
         * Sets the clock that decides when tokens expire; give tests a controllable one.
         *
         * @param clock the clock; default a monotonic clock that starts at the system time. The
         *     caller keeps ownership.
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the executor async calls run on (blocking socket reads included).
         *
         * @param executor the executor; by default the client owns four daemon threads, started
         *     on first use and stopped by {@link ImdsClient#close()}. The caller keeps ownership
         *     of one given here.
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets the logger for the per-attempt DEBUG records and the WARNING when retries run
         * out. Neither ever holds a token or a body.
         *
         * @param logger the logger; default {@code System.getLogger("dev.imds4j.ImdsClient")},
         *     looked up on the first request
         * @return this builder
         */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /**
         * Sets the TLS socket factory for an {@code https} endpoint.
         *
         * @param factory the factory; default the JVM's ({@link SSLSocketFactory#getDefault()})
         * @return this builder
         */
        public Builder sslSocketFactory(SSLSocketFactory factory) {
            this.sslSocketFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Sets when a refused connection or a connect timeout is retried.
         *
         * @param policy {@link ConnectRetry#AUTO} (the default): once IMDS is known to be there,
         *     because this client has had an answer from it or the host is EC2; {@link
         *     ConnectRetry#ALWAYS}; or {@link ConnectRetry#NEVER}
         * @return this builder
         */
        public Builder connectRetry(ConnectRetry policy) {
            this.connectRetry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the most connections open at once, idle ones included. Real IMDS limits
         * simultaneous connections per instance and drops what is beyond; callers that find
         * none free wait, first come first served, within their operation timeout.
         *
         * @param max 1 to 64; default 8
         * @return this builder
         * @throws IllegalArgumentException if it is outside 1 to 64
         */
        public Builder maxConnections(int max) {
            if (max < 1 || max > ConfigResolver.MAX_CONNECTIONS) {
                throw new IllegalArgumentException("maxConnections: must be 1 to "
                        + ConfigResolver.MAX_CONNECTIONS + ": " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Sets the EC2 host detection the client acts on: with {@link Ec2Host.Kind#NOT_EC2} and
         * no endpoint configured, requests fail at once without a packet; with {@link
         * Ec2Host.Kind#EC2}, failed connects are retried.
         *
         * @param host the detection; default {@link Ec2Host#current()}
         * @return this builder
         */
        public Builder host(Ec2Host host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * For tests: the address an endpoint mode stands for, so that the "no endpoint
         * configured" paths can be exercised against a loopback server.
         */
        Builder modeEndpoint(URI uri) {
            this.modeEndpoint = uri;
            return this;
        }

        /**
         * Sets the backoff between attempts: before attempt {@code n+1} the client waits a
         * random time from 0 to {@code min(max, base * 2^(n-1))} (full jitter).
         *
         * @param base 0 to 1 hour; default 100 ms
         * @param max at least {@code base}, at most 1 hour; default 1 s
         * @return this builder
         * @throws IllegalArgumentException unless {@code 0 <= base <= max <= 1 hour}
         */
        public Builder retryBackoff(Duration base, Duration max) {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(max, "max");
            if (base.isNegative() || max.compareTo(base) < 0
                    || max.compareTo(ConfigResolver.MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("retryBackoff: need 0 <= base <= max <= 1 hour, "
                        + "not " + ConfigResolver.seconds(base) + " and "
                        + ConfigResolver.seconds(max));
            }
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /**
         * Resolves the settings and builds the client. No network traffic.
         *
         * @return a new client; the caller closes it
         * @throws ImdsConfigurationException if a setting from the environment or the AWS config
         *     file is invalid; the message names its source and value
         */
        public ImdsClient build() {
            return new ImdsClient(this, config());
        }

        /**
         * Returns whether the client {@link #build()} would build now is {@linkplain
         * ImdsClient#knownOffEc2() known off EC2}: the host is {@link Ec2Host.Kind#NOT_EC2} and
         * no endpoint is configured by this builder, {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}
         * or the AWS config file. Resolves the settings as {@code build()} does (the same
         * environment, config file and host detection) but builds no client: no connection pool,
         * no thread, nothing sent. Integrations call it to decide that IMDS is out of reach
         * without paying for a client they would not use.
         *
         * <pre>{@code
         * ImdsClient.Builder settings = ImdsClient.builder();
         * if (!settings.knownOffEc2()) {
         *     try (ImdsClient imds = settings.build()) {
         *         // ...
         *     }
         * }
         * }</pre>
         *
         * @return true when a client built from this builder would send nothing
         * @throws ImdsConfigurationException if a setting from the environment or the AWS config
         *     file is invalid, as {@link #build()} would
         */
        public boolean knownOffEc2() {
            return ImdsClient.knownOffEc2(config());
        }

        /**
         * Resolves every setting as {@link #build()} would, without stopping at an invalid one:
         * each comes back with its value and source, or with its problem. Reads the environment
         * and the AWS config file; sends nothing and builds no client.
         *
         * @return the report
         */
        public ConfigReport report() {
            return environment != null ? ConfigResolver.report(given(), environment, false)
                    : ConfigResolver.report(given(), System.getenv(), true);
        }

        private ImdsConfig config() {
            return environment != null ? ConfigResolver.resolve(given(), environment, false)
                    : ConfigResolver.resolve(given(), System.getenv(), true);
        }

        private ConfigResolver.Explicit given() {
            return new ConfigResolver.Explicit(endpoint, endpointMode, profile, tokenTtl,
                    maxAttempts, connectTimeout, readTimeout, operationTimeout, maxConnections,
                    backoffBase, backoffMax, connectRetry,
                    executor == null ? null : "given: " + executor.getClass().getName(), host,
                    modeEndpoint);
        }
    }
}
