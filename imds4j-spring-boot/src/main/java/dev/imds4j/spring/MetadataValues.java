/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConnectionException;
import dev.imds4j.ImdsDisabledException;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.ImdsTimeoutException;
import dev.imds4j.InstanceIdentity;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The values behind the {@code imds.*} properties: maps a key to an IMDS path, reads it on first
 * use, and caches it (values that change only for the refresh interval). Secrets are never read.
 * Off EC2 ({@link ImdsClient#knownOffEc2()}; the client supplier returns null when it knows so
 * without building a client) or with IMDS turned off every key is absent at once.
 * When IMDS at the default address does not answer on a host not known to be EC2 (a laptop, a
 * container), every key is absent, without I/O, for {@link #UNREACHABLE_PAUSE}; where IMDS should
 * answer (EC2, or a configured endpoint) each resolution tries again. Thread-safe.
 */
final class MetadataValues {
    static final Duration UNREACHABLE_PAUSE = Duration.ofSeconds(60);
    private static final String MD = "/latest/meta-data/";
    /** First segments whose values change while the instance runs. */
    private static final Set<String> CHANGING = Set.of("spot", "events", "autoscaling",
            "instance-action");
    private static final ThreadLocal<Boolean> RESOLVING = new ThreadLocal<>();

    /** The logger, looked up on first use: off EC2 nothing is logged, and nothing looked up. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(MetadataValues.class.getName());
    }

    /** A cached answer: the value, or null for a value IMDS does not have. */
    private record Cached(String value, Instant readAt, boolean changing) {}

    private final Clock clock;
    private final Duration refresh;
    private final Predicate<ImdsClient> expected; // null: ImdsClients.expected
    private volatile Supplier<ImdsClient> clients; // null: none
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile InstanceIdentity identity;
    private volatile Instant unreachableUntil = Instant.MIN;

    /** Reads through {@code clients} (null: none yet, every key absent). */
    MetadataValues(Supplier<ImdsClient> clients, Clock clock, Duration refresh) {
        this(clients, clock, refresh, null);
    }

    /** For tests: {@code expected} decides whether a failed connection pauses all I/O. */
    MetadataValues(Supplier<ImdsClient> clients, Clock clock, Duration refresh,
            Predicate<ImdsClient> expected) {
        this.clients = clients;
        this.clock = clock;
        this.refresh = refresh;
        this.expected = expected;
    }

    /**
     * Reads from now on through {@code clients}; null from it, or null for it, means "no
     * client, or none worth building": absent.
     *
     * @return the supplier used until now
     */
    synchronized Supplier<ImdsClient> use(Supplier<ImdsClient> clients) {
        Supplier<ImdsClient> previous = this.clients;
        this.clients = clients;
        return previous;
    }

    /**
     * Returns the value of {@code imds.<key>}, or null when it is absent, unavailable, secret, or
     * the key is not a valid one.
     */
    String get(String key) {
        if (RESOLVING.get() != null) {
            return null; // the client's own creation resolved an imds.* placeholder
        }
        RESOLVING.set(Boolean.TRUE);
        try {
            return resolve(key);
        } finally {
            RESOLVING.remove();
        }
    }

    private String resolve(String key) {
        Instant now = clock.instant();
        Cached c = cache.get(key);
        if (c != null && (!c.changing() || now.isBefore(c.readAt().plus(refresh)))) {
            return c.value();
        }
        if (now.isBefore(unreachableUntil)) {
            return null;
        }
        Supplier<ImdsClient> supplier = clients;
        ImdsClient client = supplier == null ? null : supplier.get();
        if (client == null || client.knownOffEc2() || client.config().disabled().value()) {
            return null;
        }
        return Reads.fetch(this, client, key, now);
    }

    private static boolean changing(String key) {
        int dot = key.indexOf('.');
        return CHANGING.contains(dot < 0 ? key : key.substring(0, dot));
    }

    /**
     * Maps a key to its IMDS path: {@code tags.<tag key>} to {@code tags/instance/<tag key>},
     * any other {@code a.b.c} to {@code /latest/meta-data/a/b/c}. Null for a key that is
     * malformed, or names a secret (IAM or identity credentials).
     */
    static String path(String key) {
        if (key.startsWith("tags.")) {
            String tag = key.substring("tags.".length());
            return validTag(tag) ? MD + "tags/instance/" + tag : null;
        }
        String[] segments = key.split("\\.", -1);
        for (String s : segments) {
            if (!validSegment(s)) {
                return null;
            }
        }
        if (secret(segments)) {
            return null;
        }
        return MD + String.join("/", segments);
    }

    private static boolean secret(String[] segments) {
        String first = segments[0].toLowerCase(Locale.ROOT);
        if (first.startsWith("identity-credentials")) {
            return true;
        }
        return first.equals("iam") && segments.length > 1
                && segments[1].toLowerCase(Locale.ROOT).startsWith("security-credentials");
    }

    /** Letters, digits and {@code - _ : + = , @}: what IMDS paths and MAC addresses use. */
    private static boolean validSegment(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == ':' || c == '+' || c == '=' || c == ','
                    || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** What IMDS allows in a tag key it serves: a segment's characters and {@code .}. */
    private static boolean validTag(String tag) {
        if (tag.isEmpty() || tag.length() > 128 || tag.equals(".") || tag.equals("..")) {
            return false;
        }
        return validSegment(tag.replace('.', '-'));
    }

    /**
     * The reads, apart so that the exception classes they catch load with the first read
     * rather than with the source (off EC2 there is none).
     */
    private static final class Reads {
        private Reads() {}

        static String fetch(MetadataValues v, ImdsClient client, String key, Instant now) {
            try {
                String value = key.startsWith("identity.") ? identityField(v, client,
                        key.substring("identity.".length())) : read(client, key);
                v.cache.put(key, new Cached(value, now, changing(key)));
                return value;
            } catch (ImdsConnectionException | ImdsTimeoutException e) {
                boolean expected = v.expected == null ? ImdsClients.expected(client)
                        : v.expected.test(client);
                if (expected) {
                    Log.LOG.log(Level.WARNING, "imds." + key + " unavailable: "
                            + e.getMessage());
                    return null;
                }
                v.unreachableUntil = now.plus(UNREACHABLE_PAUSE);
                Log.LOG.log(Level.INFO, "imds." + key + " unavailable and this host is not "
                        + "known to be EC2 (" + e.getMessage() + "); imds.* properties stay "
                        + "empty for " + UNREACHABLE_PAUSE.toSeconds() + " s");
                return null;
            } catch (ImdsDisabledException e) {
                return null;
            } catch (ImdsException e) {
                Log.LOG.log(Level.WARNING, "imds." + key + " unavailable: "
                        + e.getMessage());
                return null;
            } catch (IllegalStateException e) {
                return null; // the client was closed with its context
            }
        }

        private static String read(ImdsClient client, String key) throws ImdsException {
            String path = path(key);
            if (path == null) {
                return null;
            }
            try {
                return client.get(path).reveal().strip();
            } catch (ImdsStatusException e) {
                if (e.status() == 404) {
                    return null;
                }
                throw e;
            }
        }

        private static String identityField(MetadataValues v, ImdsClient client, String field)
                throws ImdsException {
            InstanceIdentity id = v.identity;
            if (id == null) {
                id = client.metadata().identityDocument();
                v.identity = id;
            }
            switch (field) {
                case "account-id": return id.accountId();
                case "architecture": return id.architecture();
                case "availability-zone": return id.availabilityZone();
                case "billing-products": return joined(id.billingProducts());
                case "devpay-product-codes": return joined(id.devpayProductCodes());
                case "marketplace-product-codes": return joined(id.marketplaceProductCodes());
                case "image-id": return id.imageId();
                case "instance-id": return id.instanceId();
                case "instance-type": return id.instanceType();
                case "kernel-id": return id.kernelId();
                case "pending-time": return id.pendingTime().toString();
                case "private-ip": return id.privateIp();
                case "ramdisk-id": return id.ramdiskId();
                case "region": return id.region();
                case "version": return id.version();
                default: return null;
            }
        }

        private static String joined(List<String> values) {
            return values.isEmpty() ? null : String.join(",", values);
        }
    }
}
