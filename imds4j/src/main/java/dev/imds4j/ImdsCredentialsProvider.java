package dev.imds4j;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The instance's IAM role credentials from IMDS, cached and refreshed ahead of expiry.
 *
 * <p>The role is {@code AWS_EC2_INSTANCE_PROFILE_NAME} or {@code ec2_instance_profile_name} (as the
 * client resolved them), else discovered from {@code iam/security-credentials/}. Credentials are
 * read from {@code iam/security-credentials-extended/<role>} (which adds the account id), falling
 * back to the legacy {@code iam/security-credentials/<role>} on 404; the provider remembers which
 * works. Cached credentials are served until a prefetch point before they expire; then one caller
 * refreshes while concurrent callers keep the still-valid ones (or wait, once they have expired).
 *
 * <p>Static stability: when IMDS fails and the cached credentials have expired, the provider
 * extends them by 5 to 10 minutes (with jitter), logs a WARNING and serves them, rather than fail
 * while it holds anything; services that still accept them keep working through an IMDS outage.
 * With nothing cached, the failure is thrown. When {@code AWS_EC2_METADATA_DISABLED} is true the
 * client refuses without traffic, and so does the provider.
 *
 * <p>Thread-safe. It uses, but does not own, the client.
 *
 * <pre>{@code
 * ImdsCredentialsProvider credentials = ImdsCredentialsProvider.create(imds);
 * InstanceCredentials c = credentials.credentials();
 * sign(c.accessKeyId(), c.secretAccessKey().reveal(), c.sessionToken().reveal());
 * }</pre>
 */
public final class ImdsCredentialsProvider {
    static final String LEGACY = InstanceMetadata.MD + "iam/security-credentials/";
    static final String EXTENDED = InstanceMetadata.MD + "iam/security-credentials-extended/";
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final ImdsClient client;
    private final Clock clock;
    private final Duration prefetch;
    private final String configuredRole;
    private final System.Logger logger;
    private final Object lock = new Object();
    private volatile Cached cached;
    private volatile String discoveredRole;
    private volatile boolean legacyOnly;
    private CompletableFuture<Cached> refreshing; // guarded by lock

    /** Credentials and when to refresh them next. */
    private record Cached(InstanceCredentials credentials, Instant refreshAt) {}

    private ImdsCredentialsProvider(Builder b) {
        this.client = b.client;
        this.clock = b.clock;
        this.prefetch = b.prefetch;
        this.configuredRole = b.client.config().instanceProfileName()
                .map(Setting::value).orElse(null);
        this.logger = b.logger != null ? b.logger
                : System.getLogger(ImdsCredentialsProvider.class.getName());
    }

    /**
     * Returns a provider with default settings: refresh 5 minutes before expiry, the system
     * clock.
     *
     * @param client the client to read IMDS with; the caller keeps ownership
     * @return a new provider
     */
    public static ImdsCredentialsProvider create(ImdsClient client) {
        return builder(client).build();
    }

    /**
     * Returns a builder for a provider with chosen settings.
     *
     * @param client the client to read IMDS with; the caller keeps ownership
     * @return a new builder
     */
    public static Builder builder(ImdsClient client) {
        return new Builder(Objects.requireNonNull(client, "client"));
    }

    /**
     * Returns usable credentials: cached ones, or fresh ones from IMDS.
     *
     * @return the credentials
     * @throws ImdsException if IMDS fails and nothing is cached, or reports a credentials error
     *     ({@code Code} other than {@code Success}) and nothing is cached
     */
    public InstanceCredentials credentials() throws ImdsException {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.refreshAt())) {
            return c.credentials();
        }
        CompletableFuture<Cached> shared;
        boolean owner;
        synchronized (lock) {
            c = cached;
            if (c != null && now.isBefore(c.refreshAt())) {
                return c.credentials();
            }
            owner = refreshing == null;
            if (owner) {
                refreshing = new CompletableFuture<>();
            } else if (c != null && now.isBefore(c.credentials().expiration())) {
                return c.credentials(); // someone is refreshing; these are still good
            }
            shared = refreshing;
        }
        if (owner) {
            Cached next;
            try {
                next = refreshed(fetch());
            } catch (ImdsException e) {
                next = stable(c, e);
                if (next == null) {
                    finish(shared, null, e);
                    throw e;
                }
            } catch (RuntimeException e) {
                finish(shared, null, e);
                throw e;
            }
            finish(shared, next, null);
            return next.credentials();
        }
        try {
            return shared.get().credentials();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImdsException("credentials: interrupted while waiting for a refresh", "GET",
                    LEGACY, client.endpoint(), 0, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImdsException imds) {
                throw imds;
            }
            throw new IllegalStateException("credentials refresh failed", e.getCause());
        }
    }

    /**
     * Returns usable credentials without blocking the caller; see {@link #credentials()}. The
     * refresh, when one is due, runs on the client's executor.
     *
     * @return a future of the credentials
     */
    public CompletableFuture<InstanceCredentials> credentialsAsync() {
        Cached c = cached;
        if (c != null && clock.instant().isBefore(c.refreshAt())) {
            return CompletableFuture.completedFuture(c.credentials());
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return credentials();
            } catch (ImdsException e) {
                throw new CompletionException(e);
            }
        }, client.asyncExecutor());
    }

    private void finish(CompletableFuture<Cached> shared, Cached next, Throwable error) {
        synchronized (lock) {
            if (next != null) {
                cached = next;
            }
            refreshing = null;
        }
        if (next != null) {
            shared.complete(next);
        } else {
            shared.completeExceptionally(error);
        }
    }

    /** Decides when fresh credentials are next refreshed; extends ones already expired. */
    private Cached refreshed(InstanceCredentials fresh) {
        Instant now = clock.instant();
        if (!now.isBefore(fresh.expiration())) {
            InstanceCredentials extended = fresh.withExpiration(now.plus(extension()));
            logger.log(Level.WARNING, "IMDS returned credentials for role " + fresh.roleName()
                    + " that expired at " + fresh.expiration() + "; using them until "
                    + extended.expiration() + " and asking again then");
            return new Cached(extended, now.plus(RETRY_AFTER_FAILURE));
        }
        Instant refreshAt = fresh.expiration().minus(prefetch);
        if (refreshAt.isBefore(now.plus(RETRY_AFTER_FAILURE))) {
            // short-lived credentials: refresh at most once a minute, while they last
            Instant halfway = now.plus(Duration.between(now, fresh.expiration()).dividedBy(2));
            refreshAt = halfway.isBefore(now.plus(RETRY_AFTER_FAILURE)) ? halfway
                    : now.plus(RETRY_AFTER_FAILURE);
        }
        return new Cached(fresh, refreshAt);
    }

    /** After a failed refresh: what to serve, or null to fail. */
    private Cached stable(Cached previous, ImdsException failure) {
        if (previous == null) {
            return null;
        }
        Instant now = clock.instant();
        InstanceCredentials creds = previous.credentials();
        if (!now.isBefore(creds.expiration())) {
            creds = creds.withExpiration(now.plus(extension()));
        }
        logger.log(Level.WARNING, "could not refresh credentials for role "
                + creds.roleName() + " (" + failure.getMessage() + "); using the cached ones, "
                + "valid until " + creds.expiration());
        return new Cached(creds, now.plus(RETRY_AFTER_FAILURE));
    }

    private static Duration extension() {
        return Duration.ofSeconds(300 + ThreadLocalRandom.current().nextLong(301));
    }

    // ---- fetching -----------------------------------------------------------------------------

    private InstanceCredentials fetch() throws ImdsException {
        String role = role();
        try {
            return read(role);
        } catch (ImdsStatusException e) {
            if (e.status() != 404 || configuredRole != null) {
                throw e;
            }
            discoveredRole = null; // the role may have changed: look again once
            return read(role());
        }
    }

    private String role() throws ImdsException {
        if (configuredRole != null) {
            return configuredRole;
        }
        String role = discoveredRole;
        if (role != null) {
            return role;
        }
        List<MetadataEntry> roles;
        if (!legacyOnly) {
            try {
                roles = client.metadata().list(EXTENDED);
            } catch (ImdsStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
                legacyOnly = true;
                roles = client.metadata().list(LEGACY);
            }
        } else {
            roles = client.metadata().list(LEGACY);
        }
        for (MetadataEntry entry : roles) {
            if (!entry.folder()) {
                discoveredRole = entry.name();
                return entry.name();
            }
        }
        throw JsonDocument.problem(LEGACY, client.endpoint(),
                "the instance has no IAM role (the role list is empty)");
    }

    private InstanceCredentials read(String role) throws ImdsException {
        if (!legacyOnly) {
            try {
                return parse(role, EXTENDED + role, client.getBytes(EXTENDED + role));
            } catch (ImdsStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
                legacyOnly = true; // not offered here: stop asking
            }
        }
        return parse(role, LEGACY + role, client.getBytes(LEGACY + role));
    }

    private InstanceCredentials parse(String role, String path, byte[] body)
            throws ImdsException {
        JsonDocument d = JsonDocument.object(path, client.endpoint(), body, true);
        String code = d.string("Code", false);
        if (code != null && !code.equals("Success")) {
            String message = d.string("Message", false);
            throw JsonDocument.problem(path, client.endpoint(), "IMDS reports Code "
                    + ConfigResolver.printable(code) + (message == null ? ""
                            : ": " + ConfigResolver.printable(message)));
        }
        return new InstanceCredentials(role, d.string("AccessKeyId", true),
                new SensitiveString(d.string("SecretAccessKey", true)),
                new SensitiveString(d.string("Token", true)), d.instant("Expiration", true),
                d.instant("LastUpdated", false), d.string("AccountId", false));
    }

    @Override
    public String toString() {
        return "ImdsCredentialsProvider[" + client.endpoint() + "]";
    }

    /** Configures an {@link ImdsCredentialsProvider}. Not thread-safe. */
    public static final class Builder {
        private final ImdsClient client;
        private Clock clock = Clock.systemUTC();
        private Duration prefetch = Duration.ofMinutes(5);
        private System.Logger logger;

        private Builder(ImdsClient client) {
            this.client = client;
        }

        /**
         * Sets the clock credentials' expiration is compared with.
         *
         * @param clock the clock; default the system UTC clock. The caller keeps ownership.
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long before expiry credentials are refreshed.
         *
         * @param beforeExpiry 0 to 1 hour; default 5 minutes
         * @return this builder
         */
        public Builder prefetch(Duration beforeExpiry) {
            Objects.requireNonNull(beforeExpiry, "beforeExpiry");
            if (beforeExpiry.isNegative() || beforeExpiry.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("prefetch: must be 0 to 1 hour: "
                        + beforeExpiry);
            }
            this.prefetch = beforeExpiry;
            return this;
        }

        /**
         * Sets the logger for the WARNING records of static stability.
         *
         * @param logger the logger; default {@code System.getLogger(
         *     "dev.imds4j.ImdsCredentialsProvider")}
         * @return this builder
         */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /**
         * Builds the provider. No I/O.
         *
         * @return a new provider
         */
        public ImdsCredentialsProvider build() {
            return new ImdsCredentialsProvider(this);
        }
    }
}
