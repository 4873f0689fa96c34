package dev.imds4j;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The instance's region from {@code placement/region}, read once and cached (a running instance
 * never changes region). A failure is not cached. When {@code AWS_EC2_METADATA_DISABLED} is true
 * the client refuses without traffic, and so does the provider. Thread-safe; it uses, but does
 * not own, the client.
 *
 * <pre>{@code
 * String region = ImdsRegionProvider.create(imds).region();
 * }</pre>
 */
public final class ImdsRegionProvider {
    private final ImdsClient client;
    private volatile String region;

    private ImdsRegionProvider(ImdsClient client) {
        this.client = client;
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
        String r = region;
        if (r == null) {
            r = client.metadata().region();
            region = r;
        }
        return r;
    }

    /**
     * Returns the region without blocking; see {@link #region()}.
     *
     * @return a future of the region
     */
    public CompletableFuture<String> regionAsync() {
        String r = region;
        if (r != null) {
            return CompletableFuture.completedFuture(r);
        }
        return client.metadata().regionAsync().thenApply(value -> {
            region = value;
            return value;
        });
    }

    @Override
    public String toString() {
        return "ImdsRegionProvider[" + client.endpoint() + "]";
    }
}
