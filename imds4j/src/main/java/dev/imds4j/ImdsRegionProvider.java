/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The instance's region from {@code placement/region}, read once and cached (a running instance
 * never changes region). Concurrent first callers share one read; a failure is not cached. When
 * {@code AWS_EC2_METADATA_DISABLED} is true the client refuses without traffic, and so does the
 * provider. Thread-safe; it uses, but does not own, the client.
 *
 * <pre>{@code
 * String region = ImdsRegionProvider.create(imds).region();
 * }</pre>
 */
public final class ImdsRegionProvider {
    private static final String PATH = InstanceMetadata.MD + "placement/region";

    /** Once read, the region is fresh for good. */
    private static final Refresh.Policy<String> FOREVER = new Refresh.Policy<String>() {
        @Override
        public boolean fresh(String region, Instant now) {
            return true;
        }

        @Override
        public boolean usable(String region, Instant now) {
            return true;
        }
    };

    private final ImdsClient client;
    private final Refresh<String> region;

    private ImdsRegionProvider(ImdsClient client) {
        this.client = client;
        this.region = new Refresh<>(Clock.systemUTC(), FOREVER, client.timer());
    }

    /**
     * Returns a provider reading through {@code client}.
     *
     * @param client the client; the caller keeps ownership
     * @return a new provider
     */
    public static ImdsRegionProvider create(ImdsClient client) {
        return new ImdsRegionProvider(Objects.requireNonNull(client, "client"));
    }

    /**
     * Returns the region, reading it on the first call.
     *
     * @return such as {@code eu-west-1}
     * @throws ImdsException if IMDS fails
     */
    public String region() throws ImdsException {
        return region.get(client.newCall(), loader, waits);
    }

    /**
     * Returns the region without blocking; see {@link #region()}.
     *
     * @return a future of the region
     */
    public CompletableFuture<String> regionAsync() {
        return region.getAsync(client.newCall(), loader, waits);
    }

    private final Refresh.Loader<String> loader = new Refresh.Loader<String>() {
        @Override
        public String load(String previous, Call call) throws ImdsException {
            return InstanceMetadata.text(PATH, client.getBytes(PATH, call));
        }

        @Override
        public CompletableFuture<String> loadAsync(String previous, Call call) {
            return client.getBytesAsync(PATH, call)
                    .thenApply(body -> InstanceMetadata.text(PATH, body));
        }
    };

    private final Refresh.Waits waits = new Refresh.Waits() {
        @Override
        public ImdsException timedOut() {
            return new ImdsTimeoutException("GET " + PATH + " at " + client.endpoint()
                    + ": another caller's read did not end within the operation timeout of "
                    + client.config().operationTimeout().value().toMillis() + " ms", "GET", PATH,
                    client.endpoint(), 0, null);
        }

        @Override
        public ImdsException interrupted(InterruptedException e) {
            return new ImdsInterruptedException("GET " + PATH + " at " + client.endpoint()
                    + ": interrupted while waiting for another caller's read", "GET", PATH,
                    client.endpoint(), 0, e);
        }
    };

    @Override
    public String toString() {
        return "ImdsRegionProvider[" + client.endpoint() + "]";
    }
}
