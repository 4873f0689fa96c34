/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The instance's IAM role credentials from IMDS, cached and refreshed ahead of expiry.
 *
 * <p>The role is {@code AWS_EC2_INSTANCE_PROFILE_NAME} or {@code ec2_instance_profile_name} (as the
 * client resolved them), else discovered from {@code iam/security-credentials-extended/} (or the
 * legacy {@code iam/security-credentials/}). Credentials are read from {@code
 * iam/security-credentials-extended/<role>}, which adds the account id, and from the legacy
 * {@code iam/security-credentials/<role>} where that gives 404. The provider stops asking the
 * extended path only when the extended API itself is absent (its listing is 404 while the legacy
 * one works), never because one role's path is 404: after a role change it discovers the new
 * role and keeps the account id. Cached credentials are served until a prefetch point before they
 * expire; then one caller refreshes while concurrent callers keep the still-valid ones (or wait,
 * once they have expired, each within the client's operation timeout). A refresh is one
 * operation under one operation timeout, sync on the caller's thread or async without blocking
 * any thread; cancelling one caller's future does not cancel it for the others.
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
    private final Refresh<Cached> cache;
    private volatile String discoveredRole;
    /** The extended API is absent here: its listing was 404 while the legacy one answered. */
    private volatile boolean legacyOnly;

    /** Credentials and when to refresh them next. */
    private record Cached(InstanceCredentials credentials, Instant refreshAt) {}

    /** Fresh until the refresh point; usable, while another caller refreshes, until expiry. */
    private static final Refresh.Policy<Cached> POLICY = new Refresh.Policy<Cached>() {
        @Override
        public boolean fresh(Cached c, Instant now) {
            return now.isBefore(c.refreshAt());
        }

        @Override
        public boolean usable(Cached c, Instant now) {
            return now.isBefore(c.credentials().expiration());
        }
    };

    private ImdsCredentialsProvider(Builder b) {
        this.client = b.client;
        this.clock = b.clock;
        this.prefetch = b.prefetch;
        this.configuredRole = b.role != null ? b.role : b.client.config().instanceProfileName()
                .map(Setting::value).orElse(null);
        this.logger = b.logger != null ? b.logger
                : System.getLogger(ImdsCredentialsProvider.class.getName());
        this.cache = new Refresh<>(clock, POLICY, client.timer());
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
     *     ({@code Code} other than {@code Success}) and nothing is cached; an {@link
     *     ImdsTimeoutException} when another caller's refresh outlasts the operation timeout
     */
    public InstanceCredentials credentials() throws ImdsException {
        return cache.get(client.newCall(), loader, waits).credentials();
    }

    /**
     * Returns usable credentials without blocking the caller; see {@link #credentials()}. A
     * refresh, when one is due, runs as async requests on the client's executor; no thread
     * waits for another.
     *
     * @return a future of the credentials; it fails with the exception {@code credentials()}
     *     would throw
     */
    public CompletableFuture<InstanceCredentials> credentialsAsync() {
        return cache.getAsync(client.newCall(), loader, waits).thenApply(Cached::credentials);
    }

    private final Refresh.Loader<Cached> loader = new Refresh.Loader<Cached>() {
        @Override
        public Cached load(Cached previous, Call call) throws ImdsException {
            try {
                return refreshed(fetch(call));
            } catch (ImdsException e) {
                Cached kept = stable(previous, e);
                if (kept == null) {
                    throw e;
                }
                return kept;
            }
        }

        @Override
        public CompletableFuture<Cached> loadAsync(Cached previous, Call call) {
            return fetchAsync(call).handle((fresh, error) -> {
                if (error == null) {
                    return refreshed(fresh);
                }
                Throwable cause = Refresh.unwrap(error);
                Cached kept = cause instanceof ImdsException e ? stable(previous, e) : null;
                if (kept == null) {
                    throw new CompletionException(cause);
                }
                return kept;
            });
        }
    };

    private final Refresh.Waits waits = new Refresh.Waits() {
        @Override
        public ImdsException timedOut() {
            return new ImdsTimeoutException("credentials: another caller's refresh did not end "
                    + "within the operation timeout of "
                    + client.config().operationTimeout().value().toMillis() + " ms", "GET",
                    EXTENDED, client.endpoint(), 0, null);
        }

        @Override
        public ImdsException interrupted(InterruptedException e) {
            return new ImdsInterruptedException("credentials: interrupted while waiting for a "
                    + "refresh", "GET", EXTENDED, client.endpoint(), 0, e);
        }
    };

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
            Instant halfway = now.plus(Refresh.half(Duration.between(now,
                    fresh.expiration())));
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

    // ---- fetching, sync -----------------------------------------------------------------------

    private InstanceCredentials fetch(Call call) throws ImdsException {
        String role = role(call);
        try {
            return read(role, call);
        } catch (ImdsStatusException e) {
            if (e.status() != 404 || configuredRole != null) {
                throw e;
            }
            discoveredRole = null; // the role changed: look it up again, once
            return read(role(call), call);
        }
    }

    private String role(Call call) throws ImdsException {
        if (configuredRole != null) {
            return configuredRole;
        }
        String role = discoveredRole;
        if (role != null) {
            return role;
        }
        List<MetadataEntry> roles;
        if (legacyOnly) {
            roles = list(LEGACY, call);
        } else {
            try {
                roles = list(EXTENDED, call);
            } catch (ImdsStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
                roles = list(LEGACY, call);
                legacyOnly = true; // the extended API is absent, the legacy one answers
            }
        }
        return discovered(roles);
    }

    private List<MetadataEntry> list(String folder, Call call) throws ImdsException {
        return InstanceMetadata.entries(folder, client.endpoint(), client.getBytes(folder, call));
    }

    private String discovered(List<MetadataEntry> roles) throws ImdsException {
        for (MetadataEntry entry : roles) {
            if (!entry.folder()) {
                if (!Paths.segment(entry.name())) {
                    // an ImdsException, so that cached credentials are still served
                    throw JsonDocument.problem(EXTENDED, client.endpoint(), "IMDS listed a role "
                            + "name that is not one path segment: '"
                            + ConfigResolver.printable(entry.name()) + "'");
                }
                discoveredRole = entry.name();
                return entry.name();
            }
        }
        throw JsonDocument.problem(LEGACY, client.endpoint(),
                "the instance has no IAM role (the role list is empty)");
    }

    /** Reads a role's credentials: the extended path, else (404) the legacy one. */
    private InstanceCredentials read(String role, Call call) throws ImdsException {
        if (!legacyOnly) {
            try {
                return parse(role, EXTENDED + role, client.getBytes(EXTENDED + role, call));
            } catch (ImdsStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return parse(role, LEGACY + role, client.getBytes(LEGACY + role, call));
    }

    // ---- fetching, async: the same steps as futures ---------------------------------------------

    private CompletableFuture<InstanceCredentials> fetchAsync(Call call) {
        return roleAsync(call).thenCompose(role -> readAsync(role, call).handle((c, error) -> {
            Throwable cause = error == null ? null : Refresh.unwrap(error);
            if (cause == null) {
                return CompletableFuture.completedFuture(c);
            }
            if (!(cause instanceof ImdsStatusException s) || s.status() != 404
                    || configuredRole != null) {
                return CompletableFuture.<InstanceCredentials>failedFuture(cause);
            }
            discoveredRole = null;
            return roleAsync(call).thenCompose(again -> readAsync(again, call));
        }).thenCompose(f -> f));
    }

    private CompletableFuture<String> roleAsync(Call call) {
        if (configuredRole != null) {
            return CompletableFuture.completedFuture(configuredRole);
        }
        String role = discoveredRole;
        if (role != null) {
            return CompletableFuture.completedFuture(role);
        }
        CompletableFuture<List<MetadataEntry>> roles;
        if (legacyOnly) {
            roles = listAsync(LEGACY, call);
        } else {
            roles = listAsync(EXTENDED, call).handle((list, error) -> {
                Throwable cause = error == null ? null : Refresh.unwrap(error);
                if (cause == null) {
                    return CompletableFuture.completedFuture(list);
                }
                if (!(cause instanceof ImdsStatusException s) || s.status() != 404) {
                    return CompletableFuture.<List<MetadataEntry>>failedFuture(cause);
                }
                return listAsync(LEGACY, call).thenApply(legacy -> {
                    legacyOnly = true;
                    return legacy;
                });
            }).thenCompose(f -> f);
        }
        return roles.thenApply(list -> {
            try {
                return discovered(list);
            } catch (ImdsException e) {
                throw new CompletionException(e);
            }
        });
    }

    private CompletableFuture<List<MetadataEntry>> listAsync(String folder, Call call) {
        return client.getBytesAsync(folder, call)
                .thenApply(body -> {
                    try {
                        return InstanceMetadata.entries(folder, client.endpoint(), body);
                    } catch (ImdsResponseException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    private CompletableFuture<InstanceCredentials> readAsync(String role, Call call) {
        if (legacyOnly) {
            return parseAsync(role, LEGACY + role, call);
        }
        return parseAsync(role, EXTENDED + role, call).handle((c, error) -> {
            Throwable cause = error == null ? null : Refresh.unwrap(error);
            if (cause == null) {
                return CompletableFuture.completedFuture(c);
            }
            if (!(cause instanceof ImdsStatusException s) || s.status() != 404) {
                return CompletableFuture.<InstanceCredentials>failedFuture(cause);
            }
            return parseAsync(role, LEGACY + role, call);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<InstanceCredentials> parseAsync(String role, String path,
            Call call) {
        return client.getBytesAsync(path, call).thenApply(body -> {
            try {
                return parse(role, path, body);
            } catch (ImdsException e) {
                throw new CompletionException(e);
            }
        });
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
                d.instant("LastUpdated", false), d.string("AccountId", false),
                d.string("Expiration", true));
    }

    @Override
    public String toString() {
        return "ImdsCredentialsProvider[" + client.endpoint() + "]";
    }

    /** Configures an {@link ImdsCredentialsProvider}. Not thread-safe. */
    public static final class Builder {
        private final ImdsClient client;
        private Clock clock = Clock.systemUTC();
        private String role;
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
         * Sets the IAM role to read credentials for, instead of discovering it.
         *
         * @param name the role's name; by default the client's {@code
         *     AWS_EC2_INSTANCE_PROFILE_NAME} or {@code ec2_instance_profile_name}, else the role
         *     IMDS lists
         * @return this builder
         * @throws IllegalArgumentException if it is not one path segment: empty, {@code .} or
         *     {@code ..}, or holding '/', whitespace, a control character, '?', '#' or '%'
         */
        public Builder role(String name) {
            Objects.requireNonNull(name, "name");
            if (!Paths.segment(name)) {
                throw new IllegalArgumentException("role: not an IAM role name (one path "
                        + "segment): '" + ConfigResolver.printable(name) + "'");
            }
            this.role = name;
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
