package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.imds4j.TokenCache.Token;
import dev.imds4j.TransportException.Kind;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
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
 * breaks, a read timeout) are retried with exponential backoff and full jitter, within {@code
 * maxAttempts} and the operation timeout; others (400, 403, 404, a refused connection) fail at
 * once. Exceptions name the request, the endpoint and the likely fix, never a token or a body;
 * values come back as {@link SensitiveString}, which does not print.
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
    static final String TOKEN_PATH = "/latest/api/token";
    /** Bodies above this are refused: user data is at most 16 KiB, documents far less. */
    static final int MAX_BODY = 1 << 20;
    /** Real tokens are about 56 characters. */
    static final int MAX_TOKEN = 4096;
    private static final String HOP_LIMIT_HINT = "Inside a container, IMDS drops the token "
            + "response when the instance's metadata hop limit is 1: set it to 2 with 'aws ec2 "
            + "modify-instance-metadata-options --http-put-response-hop-limit 2'.";
    private static final String NOT_ON_EC2_HINT = "This process may not be on EC2, or IMDS may "
            + "be turned off for the instance; off EC2, set AWS_EC2_METADATA_DISABLED=true to "
            + "skip IMDS.";
    private static final String TURNED_OFF_HINT = "IMDS is turned off for this instance "
            + "(metadata option HttpEndpoint disabled), or a proxy added X-Forwarded-For; turn it "
            + "on with 'aws ec2 modify-instance-metadata-options --http-endpoint enabled'.";

    /** The default logger, looked up on first use: the lookup costs a short process ~25 ms. */
    private static final class DefaultLog {
        static final System.Logger LOGGER = System.getLogger(ImdsClient.class.getName());
    }

    private final ImdsConfig config;
    private final URI endpoint;
    private final int maxAttempts;
    private final long tokenTtlSeconds;
    private final long operationNanos;
    private final long readMillis;
    private final long backoffBaseNanos;
    private final long backoffMaxNanos;
    private final boolean retryConnectFailures;
    private final Ec2Host host;
    private final boolean knownOffEc2;
    /** Set once any HTTP answer came back: from then on a failed connect is transient. */
    private volatile boolean reached;
    private final HttpTransport transport;
    private final TokenCache tokens;
    private final Clock clock;
    private final System.Logger givenLogger;
    private final Executor givenExecutor;
    private final Object executorLock = new Object();
    private ScheduledThreadPoolExecutor ownExecutor; // guarded by executorLock
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final InstanceMetadata metadata = new InstanceMetadata(this);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImdsClient(Builder b, ImdsConfig config) {
        this.config = config;
        this.endpoint = config.endpoint().value();
        this.maxAttempts = config.maxAttempts().value();
        this.tokenTtlSeconds = config.tokenTtl().value().toSeconds();
        this.operationNanos = config.operationTimeout().value().toNanos();
        this.readMillis = config.readTimeout().value().toMillis();
        this.backoffBaseNanos = b.backoffBase.toNanos();
        this.backoffMaxNanos = b.backoffMax.toNanos();
        this.retryConnectFailures = b.retryConnectFailures;
        this.host = b.host != null ? b.host : Ec2Host.current();
        this.knownOffEc2 = host.kind() == Ec2Host.Kind.NOT_EC2
                && config.endpoint().source().startsWith("endpoint mode");
        this.clock = b.clock != null ? b.clock : MonotonicClock.startingNow();
        this.givenExecutor = b.executor;
        this.givenLogger = b.logger;
        this.transport = new HttpTransport(endpoint, b.sslSocketFactory,
                config.connectTimeout().value().toMillis(), config.readTimeout().value().toNanos(),
                userAgent());
        this.tokens = new TokenCache(clock, new TokenCache.Fetcher() {
            @Override
            public Token fetch(Call call) throws ImdsException {
                return token(retry(TOKEN_OP, call));
            }

            @Override
            public CompletableFuture<Token> fetchAsync(Call call) {
                return retryAsync(TOKEN_OP,
                        c -> supply(TOKEN_OP, () -> send(TOKEN_OP, null, c)), call)
                        .thenApply(o -> {
                            try {
                                return token(o);
                            } catch (ImdsException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
            }
        });
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
     * {@link Ec2Host#current()}. No I/O beyond the first, cached, read of {@code /sys}.
     *
     * @return the detection
     */
    public Ec2Host host() {
        return host;
    }

    /**
     * Returns whether every request fails at once, with nothing sent, because the host is known
     * not to be EC2 ({@link Ec2Host.Kind#NOT_EC2}) and no endpoint is configured (by the builder,
     * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} or the config file). Integrations check it to
     * cost nothing off EC2. No I/O.
     *
     * @return true when this client will not try to reach IMDS
     */
    public boolean knownOffEc2() {
        return knownOffEc2;
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
     *     whitespace, control characters, {@code ?}, {@code #} or {@code .}/{@code ..} segments
     * @return the value, decoded as UTF-8
     * @throws ImdsException if IMDS cannot be reached, refuses, or answers with an error or with
     *     bytes that are not UTF-8 ({@link ImdsResponseException}: use {@link #getBytes(String)})
     * @throws IllegalArgumentException if {@code path} is malformed
     * @throws IllegalStateException if the client is closed
     */
    public SensitiveString get(String path) throws ImdsException {
        Op op = Op.get(path);
        return new SensitiveString(text(op, fetch(op)));
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
        return fetch(Op.get(path));
    }

    /**
     * Reads a metadata value as text without blocking the caller: the token fetch, attempts and
     * backoff run on the client's executor. Cancelling the future stops the work and closes the
     * connection in use.
     *
     * @param path as for {@link #get(String)}
     * @return a future of the value; it fails with the same {@link ImdsException} {@code get}
     *     would throw
     * @throws IllegalArgumentException if {@code path} is malformed
     * @throws IllegalStateException if the client is closed
     */
    public CompletableFuture<SensitiveString> getAsync(String path) {
        Op op = Op.get(path);
        return fetchAsync(op, body -> new SensitiveString(text(op, body)));
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
        return fetchAsync(Op.get(path), body -> body);
    }

    /**
     * Closes the client: open connections are closed, async calls in flight fail with an {@link
     * ImdsConnectionException}, and the client's own threads stop. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
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
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new ImdsConnectionException(
                    "the client was closed before the call finished", "GET", "(pending)",
                    endpoint, 0, null));
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
        return "ImdsClient[" + endpoint + "]";
    }

    /** The transport, for tests that count connections. */
    HttpTransport transport() {
        return transport;
    }

    // ---- requests and what comes of them ------------------------------------------------------

    /** A request the client sends: the token PUT or a GET of a path. */
    private record Op(String method, String path, String target) {
        static Op get(String path) {
            return new Op("GET", path, Paths.target(path));
        }

        boolean isToken() {
            return method.equals("PUT");
        }
    }

    private static final Op TOKEN_OP = new Op("PUT", TOKEN_PATH, TOKEN_PATH);

    /** What one attempt came to: an answer, or a transport failure; and the token it used. */
    private static final class Outcome {
        final HttpTransport.Response response;
        final TransportException failure;
        final Token token;
        final long nanos;
        final Instant arrived;

        Outcome(HttpTransport.Response response, TransportException failure, Token token,
                long nanos, Instant arrived) {
            this.response = response;
            this.failure = failure;
            this.token = token;
            this.nanos = nanos;
            this.arrived = arrived;
        }

        boolean ok() {
            return response != null && response.status == 200;
        }

        int status() {
            return response == null ? 0 : response.status;
        }
    }

    /** One attempt, run without blocking the caller. */
    private interface AsyncAttempt {
        CompletableFuture<Outcome> run(Call call);
    }

    private Outcome send(Op op, Token token, Call call) {
        long start = System.nanoTime();
        try {
            HttpTransport.Response r = op.isToken()
                    ? transport.execute("PUT", op.target(), HttpTransport.TTL_HEADER,
                            Long.toString(tokenTtlSeconds), MAX_TOKEN, call)
                    : transport.execute("GET", op.target(), HttpTransport.TOKEN_HEADER,
                            token.value, MAX_BODY, call);
            reached = true;
            return new Outcome(r, null, token, System.nanoTime() - start, clock.instant());
        } catch (TransportException e) {
            return new Outcome(null, e, token, System.nanoTime() - start, null);
        }
    }

    private byte[] fetch(Op op) throws ImdsException {
        checkOpen();
        if (config.disabled().value()) {
            throw disabled(op);
        }
        if (knownOffEc2) {
            throw offEc2(op);
        }
        Call call = new Call(System.nanoTime() + operationNanos);
        return retry(op, call).response.body;
    }

    private <T> CompletableFuture<T> fetchAsync(Op op, Converter<T> convert) {
        checkOpen();
        Call call = new Call(System.nanoTime() + operationNanos);
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((v, e) -> {
            pending.remove(result);
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        if (config.disabled().value()) {
            result.completeExceptionally(disabled(op));
            return result;
        }
        if (knownOffEc2) {
            result.completeExceptionally(offEc2(op));
            return result;
        }
        retryAsync(op, c -> tokens.acquireAsync(c).thenCompose(
                t -> supply(op, () -> send(op, t, c))), call)
                .whenComplete((outcome, error) -> {
                    if (error != null) {
                        result.completeExceptionally(TokenCache.unwrap(error));
                        return;
                    }
                    try {
                        result.complete(convert.apply(outcome.response.body));
                    } catch (ImdsException e) {
                        result.completeExceptionally(e);
                    }
                });
        return result;
    }

    /** Turns a body into the caller's type. */
    private interface Converter<T> {
        T apply(byte[] body) throws ImdsException;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("ImdsClient is closed");
        }
    }

    private ImdsDisabledException disabled(Op op) {
        return new ImdsDisabledException(op.method() + " " + op.path() + ": IMDS access is "
                + "turned off by " + config.disabled().source() + "=true; nothing was sent",
                op.method(), op.path(), endpoint, 0, null);
    }

    private ImdsConnectionException offEc2(Op op) {
        return new ImdsConnectionException(prefix(op) + ": not sent: this host is not an EC2 "
                + "instance (" + host.evidence() + "); to reach an IMDS anyway, set an endpoint "
                + "(AWS_EC2_METADATA_SERVICE_ENDPOINT or the builder)", op.method(), op.path(),
                endpoint, 0, null);
    }

    // ---- retries ------------------------------------------------------------------------------

    /**
     * Runs attempts on this thread until one succeeds, one fails for good, or time runs out. A
     * GET attempt first obtains the token (which may wait for, or run, the token's own attempts).
     */
    private Outcome retry(Op op, Call call) throws ImdsException {
        for (int n = 1; ; n++) {
            Outcome o = op.isToken() ? send(op, null, call)
                    : send(op, tokens.acquire(call, waitFailures(op, call)), call);
            if (conclude(op, o, n, call)) {
                return o;
            }
            long delay = backoff(n);
            if (delay >= call.remainingNanos()) {
                throw outOfTime(op, o, n);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImdsException(op.method() + " " + op.path() + " at " + endpoint
                        + ": interrupted while waiting to retry", op.method(), op.path(),
                        endpoint, n, e);
            }
        }
    }

    /** Runs attempts on the executor; waits between them without holding a thread. */
    private CompletableFuture<Outcome> retryAsync(Op op, AsyncAttempt attempt, Call call) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        step(op, attempt, call, 1, done);
        return done;
    }

    private void step(Op op, AsyncAttempt attempt, Call call, int n,
            CompletableFuture<Outcome> done) {
        if (call.cancelled() || closed.get()) {
            done.completeExceptionally(closedOrCancelled(op, n - 1));
            return;
        }
        CompletableFuture<Outcome> running;
        try {
            running = attempt.run(call);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        running.whenComplete((o, error) -> {
            if (error != null) {
                done.completeExceptionally(TokenCache.unwrap(error));
                return;
            }
            try {
                if (conclude(op, o, n, call)) {
                    done.complete(o);
                    return;
                }
                long delay = backoff(n);
                if (delay >= call.remainingNanos()) {
                    done.completeExceptionally(outOfTime(op, o, n));
                    return;
                }
                later(() -> step(op, attempt, call, n + 1, done), delay);
            } catch (ImdsException e) {
                done.completeExceptionally(e);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
    }

    /** Runs {@code task} after a delay on the client's executor, without blocking a thread. */
    private void later(Runnable task, long delayNanos) {
        Executor e = executor();
        if (e instanceof ScheduledThreadPoolExecutor own) {
            own.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, e).execute(task);
        }
    }

    private CompletableFuture<Outcome> supply(Op op, java.util.function.Supplier<Outcome> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(closedOrCancelled(op, 0));
        }
    }

    private ImdsException closedOrCancelled(Op op, int attempts) {
        return new ImdsConnectionException(op.method() + " " + op.path() + " at " + endpoint
                + ": " + (closed.get() ? "the client was closed" : "cancelled"), op.method(),
                op.path(), endpoint, attempts, null);
    }

    /**
     * Logs an attempt and decides: true when it succeeded; false to retry; throws when it failed
     * for good or used up the attempts.
     */
    private boolean conclude(Op op, Outcome o, int n, Call call) throws ImdsException {
        System.Logger log = givenLogger != null ? givenLogger : DefaultLog.LOGGER;
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "{0} {1} -> {2} (attempt {3}, {4} ms)", op.method(), op.path(),
                    o.response != null ? Integer.toString(o.status()) : o.failure.kind().name(),
                    n, String.format(java.util.Locale.ROOT, "%.2f", o.nanos / 1e6));
        }
        if (o.ok()) {
            return true;
        }
        boolean retryable = retryable(op, o);
        if (o.status() == 401 && o.token != null) {
            tokens.invalidate(o.token);
        }
        if (!retryable || n >= maxAttempts || call.cancelled()) {
            ImdsException e = failure(op, o, n);
            if (retryable && log.isLoggable(Level.WARNING)) {
                log.log(Level.WARNING, e.getMessage());
            }
            throw e;
        }
        return false;
    }

    private boolean retryable(Op op, Outcome o) {
        if (o.response != null) {
            int s = o.status();
            return s == 429 || s >= 500 || (s == 401 && !op.isToken());
        }
        switch (o.failure.kind()) {
            case CLOSED:
            case TRUNCATED:
                return true;
            case TIMEOUT:
                // A token PUT that gets no answer is the container hop-limit signature: retrying
                // would turn a one-second failure into a multi-second hang.
                return !op.isToken() && !o.failure.deadlineReached();
            case CONNECT_FAILED:
            case CONNECT_TIMEOUT:
                // Off EC2 nothing answers and nobody should wait; once IMDS is known to be there
                // (it answered before, or the host is EC2), a failed connect is throttling.
                return (retryConnectFailures || reached || host.kind() == Ec2Host.Kind.EC2)
                        && !o.failure.deadlineReached();
            default:
                return false;
        }
    }

    private long backoff(int attempt) {
        long cap = Math.min(backoffMaxNanos, backoffBaseNanos << Math.min(attempt - 1, 30));
        return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    }

    /** The executor async work runs on, for companions such as the credentials provider. */
    Executor asyncExecutor() {
        checkOpen();
        return executor();
    }

    private Executor executor() {
        if (givenExecutor != null) {
            return givenExecutor;
        }
        synchronized (executorLock) {
            if (closed.get()) {
                throw new java.util.concurrent.RejectedExecutionException("client closed");
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

    // ---- results and errors -------------------------------------------------------------------

    /** Checks a token response and turns it into a token. */
    private Token token(Outcome o) throws ImdsException {
        byte[] body = o.response.body;
        if (body.length == 0 || !Paths.headerSafe(body)) {
            throw new ImdsResponseException(prefix(TOKEN_OP) + ": the token IMDS sent is empty or "
                    + "not header-safe (" + body.length + " bytes); refusing to use it",
                    "PUT", TOKEN_PATH, endpoint, 1, null);
        }
        String ttl = o.response.ttlHeader;
        long seconds = -1;
        if (ttl != null && ttl.matches("\\d{1,5}")) {
            seconds = Long.parseLong(ttl);
        }
        if (seconds < 1 || seconds > 21_600) {
            throw new ImdsResponseException(prefix(TOKEN_OP) + ": the token response has "
                    + (ttl == null ? "no " + HttpTransport.TTL_HEADER + " header"
                            : "an invalid " + HttpTransport.TTL_HEADER + " header")
                    + " (expected 1 to 21600 seconds)", "PUT", TOKEN_PATH, endpoint, 1, null);
        }
        return new Token(new String(body, java.nio.charset.StandardCharsets.US_ASCII),
                o.arrived, Duration.ofSeconds(seconds));
    }

    private String text(Op op, byte[] body) throws ImdsResponseException {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ImdsResponseException(prefix(op) + ": the value is not UTF-8 text ("
                    + body.length + " bytes); read it with getBytes", op.method(), op.path(),
                    endpoint, 1, e);
        }
    }

    private String prefix(Op op) {
        return op.method() + " " + op.path() + " at " + endpoint;
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private ImdsException outOfTime(Op op, Outcome last, int n) {
        return new ImdsTimeoutException(prefix(op) + ": gave up after " + attempts(n)
                + " at the operation timeout of " + config.operationTimeout().value().toMillis()
                + " ms; last: " + lastProblem(last), op.method(), op.path(), endpoint, n,
                last.failure);
    }

    private String lastProblem(Outcome o) {
        return o.response != null ? o.status() + " " + reason(o.status()) : o.failure.getMessage();
    }

    private ImdsException timedOutWaitingForToken(Op op) {
        return new ImdsTimeoutException(prefix(op) + ": no session token within the operation "
                + "timeout of " + config.operationTimeout().value().toMillis() + " ms (another "
                + "caller's token request was still under way)", op.method(), op.path(),
                endpoint, 0, null);
    }

    private TokenCache.TokenFailures waitFailures(Op op, Call call) {
        return new TokenCache.TokenFailures() {
            @Override
            public ImdsException timedOut() {
                return timedOutWaitingForToken(op);
            }

            @Override
            public ImdsException interrupted(InterruptedException e) {
                return new ImdsException(prefix(op) + ": interrupted while waiting for a session "
                        + "token", op.method(), op.path(), endpoint, 0, e);
            }
        };
    }

    /** The exception for an attempt that failed for good. */
    private ImdsException failure(Op op, Outcome o, int n) {
        String what = prefix(op);
        String tries = " after " + attempts(n);
        if (o.response != null) {
            int s = o.status();
            String base = what + ": " + s + " " + reason(s) + tries;
            String hint;
            if (s >= 300 && s < 400) {
                hint = "redirect not followed: IMDS never redirects, so something else answered";
            } else if (s == 403) {
                hint = TURNED_OFF_HINT;
            } else if (s == 404) {
                hint = "there is no metadata at this path";
            } else if (s == 401 && !op.isToken()) {
                hint = "IMDS refused the session token each time";
            } else if (s == 400 && op.isToken()) {
                hint = "IMDS refused the token request (TTL " + tokenTtlSeconds + " s)";
            } else if (s == 429) {
                hint = "IMDS is throttling this instance: cache values and call less often";
            } else if (s >= 500) {
                hint = "IMDS kept failing";
            } else {
                hint = null;
            }
            return new ImdsStatusException(hint == null ? base : base + "; " + hint, op.method(),
                    op.path(), endpoint, n, s);
        }
        TransportException f = o.failure;
        switch (f.kind()) {
            case CONNECT_FAILED:
                return new ImdsConnectionException(what + ": cannot connect (" + f.getMessage()
                        + ")" + tries + ". " + NOT_ON_EC2_HINT, op.method(), op.path(), endpoint,
                        n, f);
            case CONNECT_TIMEOUT:
                return new ImdsTimeoutException(what + ": no connection within "
                        + config.connectTimeout().value().toMillis() + " ms" + tries + ". "
                        + NOT_ON_EC2_HINT, op.method(), op.path(), endpoint, n, f);
            case TIMEOUT:
                if (f.deadlineReached()) {
                    return new ImdsTimeoutException(what + ": gave up after " + attempts(n)
                            + " at the operation timeout of "
                            + config.operationTimeout().value().toMillis() + " ms ("
                            + f.getMessage() + ")", op.method(), op.path(), endpoint, n, f);
                }
                return new ImdsTimeoutException(what + ": " + f.getMessage() + " (read timeout "
                        + readMillis + " ms)" + tries + (op.isToken() ? ". " + HOP_LIMIT_HINT : ""),
                        op.method(), op.path(), endpoint, n, f);
            case CLOSED:
            case TRUNCATED:
            case CANCELLED:
            case TLS:
                return new ImdsConnectionException(what + ": " + f.getMessage() + tries,
                        op.method(), op.path(), endpoint, n, f);
            default:
                return new ImdsResponseException(what + ": unusable answer: " + f.getMessage()
                        + tries, op.method(), op.path(), endpoint, n, f);
        }
    }

    static String reason(int status) {
        switch (status) {
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
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
        private boolean retryConnectFailures;
        private Ec2Host host;
        private URI modeEndpoint;
        private Duration backoffBase = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(1);

        private Builder() {}

        /**
         * Sets the endpoint, overriding the environment, the config file and the endpoint mode.
         *
         * @param uri an absolute {@code http} or {@code https} URI with a host, such as {@code
         *     http://127.0.0.1:1338}; a path ({@code http://h:1/prefix}) is kept as a prefix
         * @return this builder
         * @throws IllegalArgumentException if it is not such a URI
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
         */
        public Builder tokenTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toNanosPart() != 0 || ttl.getSeconds() < 1 || ttl.getSeconds() > 21_600) {
                throw new IllegalArgumentException(
                        "tokenTtl: must be whole seconds from 1 to 21600: " + ttl);
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
         *     metadata_service_timeout}, else 1 s
         * @return this builder
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
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = checkTimeout("operationTimeout", timeout);
            return this;
        }

        private static Duration checkTimeout(String name, Duration timeout) {
            Objects.requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0
                    || timeout.compareTo(ConfigResolver.MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + ": must be 1 ms to 1 hour: " + timeout);
            }
            return timeout;
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
         * Sets whether a refused connection or a connect timeout is retried. By default it fails
         * at once: off EC2 nothing answers, and nobody should wait for that.
         *
         * @param retry true to retry them like other transient failures; default false
         * @return this builder
         */
        public Builder retryConnectFailures(boolean retry) {
            this.retryConnectFailures = retry;
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
         */
        public Builder retryBackoff(Duration base, Duration max) {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(max, "max");
            if (base.isNegative() || max.compareTo(base) < 0
                    || max.compareTo(ConfigResolver.MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("retryBackoff: need 0 <= base <= max <= 1 hour: "
                        + base + ", " + max);
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
            ConfigResolver.Explicit given = new ConfigResolver.Explicit(endpoint, endpointMode,
                    profile, tokenTtl, maxAttempts, connectTimeout, readTimeout, operationTimeout,
                    modeEndpoint);
            ImdsConfig config = environment != null
                    ? ConfigResolver.resolve(given, environment, false)
                    : ConfigResolver.resolve(given, System.getenv(), true);
            return new ImdsClient(this, config);
        }
    }
}
