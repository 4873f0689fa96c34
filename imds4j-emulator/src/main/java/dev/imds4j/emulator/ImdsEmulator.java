/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * An IMDSv2 emulator: an HTTP server on a loopback port that answers as the EC2 Instance
 * Metadata Service does, for testing any IMDS client without an EC2 instance.
 *
 * <p>It issues session tokens ({@code PUT /latest/api/token}) that expire by its {@linkplain
 * Builder#clock(Clock) clock}, refuses metadata requests without a valid token (401) unless
 * {@link HttpTokens#OPTIONAL}, rejects token requests that carry {@code X-Forwarded-For} (403) or
 * a bad TTL (400), allows only GET and HEAD on metadata (405), and answers 403 to everything when
 * {@linkplain #httpEndpoint(boolean) turned off}. It serves a consistent default instance (see
 * {@link dev.imds4j.emulator}) that tests change with {@link #put(String, String)} and {@link
 * #remove(String)}, scenarios scheduled on its clock, and {@linkplain #addFault(Fault) faults}.
 * Every request is journaled; {@link #takeRequest()} returns them in arrival order.
 *
 * <p>Thread-safe: tests may change it while clients are calling it. The server answers each
 * request on its own thread and sets {@code TCP_NODELAY} (see {@link #start()}).
 *
 * <pre>{@code
 * try (ImdsEmulator imds = ImdsEmulator.start()) {
 *     imds.put("/latest/meta-data/instance-type", "c7g.large");
 *     // point a client at imds.endpoint(), then:
 *     RecordedRequest first = imds.takeRequest();   // PUT /latest/api/token
 * }
 * }</pre>
 */
public final class ImdsEmulator implements AutoCloseable {
    /** The path of the session token request, {@code /latest/api/token}. */
    public static final String TOKEN_PATH = "/latest/api/token";

    private static final System.Logger LOG = System.getLogger(ImdsEmulator.class.getName());
    private static final Duration TAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern MULTIPLE_SLASHES = Pattern.compile("//+");

    static {
        // jdk.httpserver reads this once, when its configuration class loads. Without it every
        // response waits ~40 ms for the client's delayed ACK (Nagle), which would dwarf IMDS.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final Clock clock;
    private final URI endpoint;
    private final Service service;
    private final FaultPlan faults = new FaultPlan();
    private volatile ThrottleGate gate;
    private final Journal journal;
    private final EmulatorConfig config;
    private final Consumer<RecordedRequest> requestListener;
    private final Throttling startThrottling;
    private final Set<InstanceFeature> startFeatures;
    private volatile CountDownLatch stallRelease = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ImdsEmulator(Builder b, EmulatorConfig config) throws IOException {
        this.clock = b.clock;
        this.config = config;
        this.requestListener = b.requestListener;
        this.journal = new Journal(b.journalCapacity);
        this.service = new Service(clock);
        this.startThrottling = b.throttling;
        this.startFeatures = Set.copyOf(b.features);
        this.gate = new ThrottleGate(startThrottling, System::nanoTime);
        applyStartOptions();
        InetAddress address = InetAddress.getByName(b.host);
        InetSocketAddress bind = new InetSocketAddress(address, b.port);
        if (b.tls == null) {
            this.server = HttpServer.create(bind, 1024);
        } else {
            HttpsServer https = HttpsServer.create(bind, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(b.tls));
            this.server = https;
        }
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "imds-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress() instanceof Inet6Address
                ? "[" + bound.getAddress().getHostAddress().replaceFirst("%.*", "") + "]"
                : bound.getAddress().getHostAddress();
        this.endpoint = URI.create((b.tls == null ? "http://" : "https://") + host + ":"
                + bound.getPort());
    }

    /**
     * Starts an emulator on a free port of 127.0.0.1, on the system clock.
     *
     * @return the running emulator; the caller closes it
     * @throws IOException if the server cannot bind
     */
    public static ImdsEmulator start() throws IOException {
        return builder().start();
    }

    /**
     * Returns a builder for an emulator with a chosen address, clock or configuration file.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the base URI to give clients, such as {@code http://127.0.0.1:41234} ({@code
     * https} when built with {@link Builder#tls(SSLContext)}).
     *
     * @return the endpoint; no trailing slash
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Returns the TCP port the emulator listens on.
     *
     * @return the port
     */
    public int port() {
        return endpoint.getPort();
    }

    /**
     * Returns the clock tokens, credentials and scenarios follow.
     *
     * @return the clock given to the builder, or the system UTC clock
     */
    public Clock clock() {
        return clock;
    }

    // ---- the instance -------------------------------------------------------------------------

    /**
     * Sets a metadata value, creating the folders above it.
     *
     * @param path a full path under {@code /latest/}, such as {@code
     *     /latest/meta-data/tags/instance/Team}; no trailing slash, no query, no {@code ..},
     *     nothing under {@code /latest/api/} (IMDS's token path)
     * @param value the text to serve, sent as UTF-8
     * @return this emulator
     * @throws IllegalArgumentException if the path is malformed, is a folder, or lies under a
     *     value, or the value holds an unpaired surrogate (UTF-8 has no bytes for it)
     */
    public ImdsEmulator put(String path, String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("put: the value for "
                        + Escapes.line(String.valueOf(path))
                        + " holds an unpaired surrogate at index " + i + "; UTF-8 cannot carry "
                        + "it");
            }
        }
        return put(path, value.getBytes(UTF_8));
    }

    /**
     * Sets a metadata value to exact bytes, such as gzip-compressed user data.
     *
     * @param path as for {@link #put(String, String)}, for example {@code /latest/user-data}
     * @param value the bytes to serve; copied
     * @return this emulator
     * @throws IllegalArgumentException if the path is malformed, is a folder, or lies under a
     *     value
     */
    public ImdsEmulator put(String path, byte[] value) {
        service.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Removes a value, or a folder and everything below it; later requests for it get 404.
     *
     * @param path a full path under {@code /latest/}, with or without a trailing slash
     * @return this emulator
     * @throws IllegalArgumentException if the path is malformed
     */
    public ImdsEmulator remove(String path) {
        service.remove(Objects.requireNonNull(path, "path"));
        return this;
    }

    // ---- metadata options ---------------------------------------------------------------------

    /**
     * Sets whether metadata requests need a token; the default is {@link HttpTokens#REQUIRED}.
     *
     * @param mode the instance's {@code HttpTokens} option
     * @return this emulator
     */
    public ImdsEmulator httpTokens(HttpTokens mode) {
        service.httpTokens(Objects.requireNonNull(mode, "mode"));
        return this;
    }

    /**
     * Turns the whole service on or off; while off, every request gets 403. On by default.
     *
     * @param enabled the instance's {@code HttpEndpoint} option
     * @return this emulator
     */
    public ImdsEmulator httpEndpoint(boolean enabled) {
        service.endpointEnabled(enabled);
        return this;
    }

    /**
     * Sets whether instance tags are served under {@code meta-data/tags/instance/}; while off,
     * that folder does not exist (404). On by default.
     *
     * @param enabled the instance's {@code InstanceMetadataTags} option
     * @return this emulator
     */
    public ImdsEmulator instanceMetadataTags(boolean enabled) {
        service.tagsEnabled(enabled);
        return this;
    }

    /**
     * Sets whether {@code iam/security-credentials-extended/} is offered (with {@code
     * AccountId}); while off it does not exist (404), as in Regions that lack it. On by default.
     *
     * @param offered whether the extended credentials path exists
     * @return this emulator
     */
    public ImdsEmulator extendedCredentials(boolean offered) {
        service.extendedOffered(offered);
        return this;
    }

    /**
     * Caps the TTL the emulator grants: a token request asking for more is answered with this
     * TTL in its header, and the token expires accordingly. The default is 21600 s, the maximum.
     *
     * @param ttl 1 second to 6 hours, whole seconds
     * @return this emulator
     * @throws IllegalArgumentException if out of range
     */
    public ImdsEmulator maxTokenTtl(Duration ttl) {
        long seconds = Objects.requireNonNull(ttl, "ttl").toSeconds();
        if (seconds < 1 || seconds > Service.MAX_TTL_SECONDS || ttl.toNanosPart() != 0) {
            throw new IllegalArgumentException(
                    "maxTokenTtl: ttl must be whole seconds from 1 to 21600: " + ttl);
        }
        service.maxTtlSeconds((int) seconds);
        return this;
    }

    /**
     * Adds or removes the metadata of an {@link InstanceFeature}, such as an IPv6 address or a
     * placement group. The values are ordinary entries afterwards: {@link #put(String, String)}
     * changes them. {@link #reset()} returns to the builder's {@link
     * Builder#feature(InstanceFeature) features}.
     *
     * @param feature what the instance has
     * @param on true to add its categories, false to remove them
     * @return this emulator
     */
    public ImdsEmulator feature(InstanceFeature feature, boolean on) {
        service.feature(Objects.requireNonNull(feature, "feature"), on);
        return this;
    }

    // ---- scenarios ----------------------------------------------------------------------------

    /**
     * Schedules a spot interruption: from {@code noticeAt} on, {@code spot/instance-action}
     * (and, for termination, {@code spot/termination-time}) announce {@code action} at {@code
     * actionAt}. Before it, they are 404. The instance's life cycle becomes {@code spot} now.
     *
     * @param action what EC2 will do
     * @param noticeAt when the notice appears, by the emulator's clock
     * @param actionAt the time the notice states; EC2 gives two minutes
     * @return this emulator
     */
    public ImdsEmulator scheduleSpotInterruption(
            SpotAction action, Instant noticeAt, Instant actionAt) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(noticeAt, "noticeAt");
        Objects.requireNonNull(actionAt, "actionAt");
        service.scheduleSpotInterruption(action, noticeAt, actionAt);
        return this;
    }

    /**
     * Schedules a rebalance recommendation: from {@code noticeAt} on, {@code
     * events/recommendations/rebalance} holds {@code {"noticeTime": ...}}; before it, 404.
     *
     * @param noticeAt when it appears, by the emulator's clock
     * @return this emulator
     */
    public ImdsEmulator scheduleRebalanceRecommendation(Instant noticeAt) {
        service.scheduleRebalanceRecommendation(Objects.requireNonNull(noticeAt, "noticeAt"));
        return this;
    }

    /**
     * Schedules a maintenance event to join {@code events/maintenance/scheduled} at {@code
     * publishAt}; the list holds every event published so far, dates as {@code 21 Jan 2019
     * 09:00:43 GMT}.
     *
     * @param event the event
     * @param publishAt when it appears, by the emulator's clock
     * @return this emulator
     */
    public ImdsEmulator scheduleMaintenanceEvent(MaintenanceEvent event, Instant publishAt) {
        service.scheduleMaintenanceEvent(Objects.requireNonNull(event, "event"),
                Objects.requireNonNull(publishAt, "publishAt"));
        return this;
    }

    /**
     * Schedules a change of {@code autoscaling/target-lifecycle-state}, which is {@code
     * InService} by default.
     *
     * @param state such as {@code Terminated} or {@code Warmed:Stopped}
     * @param at when it changes, by the emulator's clock
     * @return this emulator
     */
    public ImdsEmulator scheduleTargetLifecycleState(String state, Instant at) {
        Objects.requireNonNull(state, "state");
        if (state.isBlank()) {
            throw new IllegalArgumentException("scheduleTargetLifecycleState: state is blank");
        }
        service.scheduleTargetLifecycleState(state, Objects.requireNonNull(at, "at"));
        return this;
    }

    // ---- faults -------------------------------------------------------------------------------

    /**
     * Adds a fault after those already added; each request consumes the first that matches.
     *
     * @param fault what to do and to which requests
     * @return this emulator
     */
    public ImdsEmulator addFault(Fault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /**
     * Throttles with 429 answers ({@code Retry-After: 1}) beyond {@code requestsPerSecond}:
     * shorthand for {@code throttle(Throttling.status429(requestsPerSecond))}. Real IMDS does
     * not answer 429; see
     * {@link Throttling} for the mode that behaves as it does.
     *
     * @param requestsPerSecond the allowed rate, in any burst, refilled at that rate in real time;
     *     0 turns throttling off (the default)
     * @return this emulator
     * @throws IllegalArgumentException if {@code requestsPerSecond} is negative
     */
    public ImdsEmulator throttle(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "throttle: requestsPerSecond must not be negative: " + requestsPerSecond);
        }
        return throttle(Throttling.status429(requestsPerSecond));
    }

    /**
     * Throttles requests beyond a rate and a number at once, as {@code throttling} says; requests
     * held by the previous throttling are dropped. {@link #reset()} returns to the builder's
     * {@link Builder#throttle(Throttling)} (none by default).
     *
     * @param throttling such as {@code Throttling.stall(10).withMaxConcurrent(4)}, or {@link
     *     Throttling#off()}
     * @return this emulator
     */
    public ImdsEmulator throttle(Throttling throttling) {
        ThrottleGate old = gate;
        gate = new ThrottleGate(Objects.requireNonNull(throttling, "throttling"), System::nanoTime);
        old.close();
        return this;
    }

    /**
     * Returns the throttling in force.
     *
     * @return {@link Throttling#off()} unless set
     */
    public Throttling throttling() {
        return gate.spec();
    }

    /** How many requests the throttling holds for a place among the simultaneous ones. */
    int throttleHeld() {
        return gate.held();
    }

    // ---- journal ------------------------------------------------------------------------------

    /**
     * Returns the oldest request not yet taken, waiting up to 10 seconds for one to arrive.
     *
     * @return the request
     * @throws IllegalStateException if none arrives in 10 seconds
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedRequest takeRequest() throws InterruptedException {
        return takeRequest(TAKE_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                "takeRequest: no request arrived within " + TAKE_TIMEOUT.toSeconds() + " s"));
    }

    /**
     * Returns the oldest request not yet taken, waiting up to {@code timeout} for one to arrive.
     *
     * @param timeout how long to wait; zero to not wait
     * @return the request, or empty if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
        return journal.take(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Returns the journal: requests in arrival order, taken or not, up to the builder's {@link
     * Builder#journalCapacity(int) capacity} (the oldest are dropped beyond it).
     *
     * @return an immutable snapshot
     */
    public List<RecordedRequest> requests() {
        return journal.snapshot();
    }

    /**
     * Returns how many requests arrived since start or the last reset, whatever their outcome.
     *
     * @return the count
     */
    public long requestCount() {
        return journal.count();
    }

    /**
     * Returns how many token requests ({@code PUT /latest/api/token}) arrived since start or the
     * last reset, whatever their outcome.
     *
     * @return the count
     */
    public long tokenRequestCount() {
        return journal.tokenCount();
    }

    // ---- life cycle ---------------------------------------------------------------------------

    /**
     * Returns the emulator to the state it started in: the default instance and options, the
     * builder's features and throttling, then the configuration file, if any; no tokens,
     * scenarios, faults or journal. Stalled requests, and requests held by throttling, are
     * released (their connections closed). The clock is not touched: it belongs to whoever built
     * the emulator.
     */
    public void reset() {
        // The gate first: a request it holds must be dropped, not admitted by a stalled request
        // that the release below lets go of.
        ThrottleGate old = gate;
        gate = new ThrottleGate(startThrottling, System::nanoTime);
        old.close();
        CountDownLatch stalled = stallRelease;
        stallRelease = new CountDownLatch(1);
        stalled.countDown();
        faults.clear();
        service.reset();
        journal.clear();
        applyStartOptions();
    }

    /** The builder's features, then the configuration file; at start and after each reset. */
    private void applyStartOptions() {
        for (InstanceFeature f : startFeatures) {
            service.feature(f, true);
        }
        if (config != null) {
            config.applyTo(this);
        }
    }

    /**
     * Stops the server, closing every connection and releasing stalled requests. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        gate.close();
        stallRelease.countDown();
        server.stop(0);
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "emulator threads still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ImdsEmulator[" + endpoint + "]";
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    /** Thrown out of the handler to make the server drop the connection without more bytes. */
    private static final class HangUp extends IOException {
        private static final long serialVersionUID = 1L;

        HangUp() {
            super("connection dropped on purpose");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // expected control flow: no trace needed
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            String method = exchange.getRequestMethod();
            URI uri = exchange.getRequestURI();
            // The JS SDK's MetadataService asks for //latest/meta-data/... (its endpoint's "/"
            // plus the path), which real IMDS serves; URI reads "latest" there as an authority.
            boolean slashes = uri.getScheme() == null && uri.getRawAuthority() != null;
            String raw = (slashes ? "//" + uri.getRawAuthority() : "") + uri.getRawPath();
            String target = uri.getRawQuery() == null ? raw : raw + "?" + uri.getRawQuery();
            // Decoded (a tag key may be percent-encoded UTF-8), runs of slashes merged.
            String decoded = (slashes ? "//" + uri.getAuthority() : "") + uri.getPath();
            String path = MULTIPLE_SLASHES.matcher(decoded).replaceAll("/");
            Headers headers = exchange.getRequestHeaders();
            Instant arrived = clock.instant();
            // Throttling comes first, as it does in front of IMDS: a request it holds or drops
            // reaches neither the faults nor the service.
            try (ThrottleGate.Pass pass = gate.enter()) {
                if (pass.verdict() == ThrottleGate.Verdict.DROP) {
                    record(arrived, method, target, headers, 0, null);
                    throw new HangUp();
                }
                answer(exchange, method, path, target, headers, arrived,
                        pass.verdict() == ThrottleGate.Verdict.STATUS_429);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HangUp();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "emulator failed to answer a request", e);
            throw e;
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, String method, String path, String target,
            Headers headers, Instant arrived, boolean throttled)
            throws IOException, InterruptedException {
        Fault fault = throttled ? null : faults.next(method, path);
        Fault.Kind kind = fault == null ? null : fault.kind();
        if (kind == Fault.Kind.CLOSE_CONNECTION || kind == Fault.Kind.STALL) {
            record(arrived, method, target, headers, 0, fault);
            if (kind == Fault.Kind.STALL) {
                stallRelease.await();
            }
            throw new HangUp();
        }
        Service.Response response;
        if (throttled) {
            response = Service.throttled();
        } else if (kind == Fault.Kind.STATUS) {
            response = Service.error(fault.status());
        } else {
            response = service.respond(method, path, headers);
        }
        record(arrived, method, target, headers, response.status(), fault);
        if (kind == Fault.Kind.LATENCY) {
            Thread.sleep(fault.latency().toMillis());
        }
        send(exchange, method, response, kind == Fault.Kind.TRUNCATE_BODY);
    }

    private void record(Instant at, String method, String target, Headers headers, int status,
            Fault fault) {
        RecordedRequest r = journal.record(at, method, target, headers, status, fault);
        if (requestListener != null) {
            requestListener.accept(r);
        }
    }

    private static void send(HttpExchange exchange, String method, Service.Response r,
            boolean truncate) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Server", "EC2ws");
        out.set("Content-Type", r.contentType());
        r.headers().forEach(out::set);
        byte[] body = r.body();
        if (method.equals("HEAD")) {
            // The length a GET would have, as IMDS (and HTTP, RFC 9110 section 8.6) has it; the
            // JDK server leaves a Content-Length set by hand alone on HEAD.
            out.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        if (body.length == 0) {
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(r.status(), body.length);
        OutputStream stream = exchange.getResponseBody();
        if (truncate) {
            stream.write(body, 0, body.length / 2);
            stream.flush();
            throw new HangUp();
        }
        stream.write(body);
        stream.close();
    }

    /**
     * Configures and starts an emulator. Not thread-safe; each setter checks its argument at
     * once and names it in the exception.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private Path config;
        private int journalCapacity = 100_000;
        private Consumer<RecordedRequest> requestListener;
        private SSLContext tls;
        private Throttling throttling = Throttling.off();
        private final Set<InstanceFeature> features = EnumSet.noneOf(InstanceFeature.class);

        private Builder() {}

        /**
         * Gives the instance a feature from the start and after every {@link
         * ImdsEmulator#reset()}; see {@link ImdsEmulator#feature(InstanceFeature, boolean)}.
         *
         * @param feature such as {@link InstanceFeature#IPV6}; none by default
         * @return this builder
         */
        public Builder feature(InstanceFeature feature) {
            features.add(Objects.requireNonNull(feature, "feature"));
            return this;
        }

        /**
         * Throttles from the start and after every {@link ImdsEmulator#reset()}; see {@link
         * ImdsEmulator#throttle(Throttling)}.
         *
         * @param throttling such as {@code Throttling.stall(10)}; {@link Throttling#off()} by
         *     default
         * @return this builder
         */
        public Builder throttle(Throttling throttling) {
            this.throttling = Objects.requireNonNull(throttling, "throttling");
            return this;
        }

        /**
         * Sets the address to bind.
         *
         * @param host a host name or literal address; default {@code 127.0.0.1}. Anything but a
         *     loopback address exposes the emulator to the network.
         * @return this builder
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host: must not be blank");
            }
            this.host = host;
            return this;
        }

        /**
         * Sets the TCP port.
         *
         * @param port 1 to 65535, or 0 (the default) for a free port chosen by the system
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port: must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the clock that token expiry, credential rotation and scenarios follow.
         *
         * @param clock such as a {@link ManualClock}; default the system UTC clock. The caller
         *     keeps ownership.
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets a JSON configuration file, read and checked by {@link #start()} and applied at
         * start and after every {@link ImdsEmulator#reset()}. The format is in {@link
         * dev.imds4j.emulator}.
         *
         * @param file the file; none by default
         * @return this builder
         */
        public Builder config(Path file) {
            this.config = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Sets how many requests the journal keeps for {@link ImdsEmulator#requests()}; older
         * ones are dropped. Counters are exact regardless.
         *
         * @param capacity at least 1; default 100,000
         * @return this builder
         */
        public Builder journalCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("journalCapacity: must be at least 1: "
                        + capacity);
            }
            this.journalCapacity = capacity;
            return this;
        }

        /**
         * Sets a callback told of each request as it is journaled, on the server's thread,
         * before the answer is sent. It must be quick and must not throw.
         *
         * @param listener such as a logger; none by default
         * @return this builder
         */
        public Builder requestListener(Consumer<RecordedRequest> listener) {
            this.requestListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Serves HTTPS instead of HTTP, for clients configured with an {@code https} endpoint.
         *
         * @param context holds the server's key and certificate; none by default (plain HTTP)
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Reads the configuration file, if any, binds and starts the emulator.
         *
         * @return the running emulator; the caller closes it
         * @throws IOException if the file cannot be read or the address cannot be bound
         * @throws IllegalArgumentException if the configuration file's content is wrong; the
         *     message names the file and the key
         */
        public ImdsEmulator start() throws IOException {
            EmulatorConfig parsed = config == null ? null : EmulatorConfig.load(config);
            return new ImdsEmulator(this, parsed);
        }
    }
}
