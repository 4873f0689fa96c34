/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.awssdk;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsRegionProvider;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * An AWS SDK for Java v2 {@link AwsRegionProvider} backed by imds4j: the instance's region from
 * {@code placement/region}, read once.
 *
 * <pre>{@code
 * Region region = ImdsAwsRegionProvider.create(imds).getRegion();
 * }</pre>
 *
 * <p>Thread-safe. It uses, but does not own, the client.
 */
public final class ImdsAwsRegionProvider implements AwsRegionProvider {
    private final ImdsRegionProvider provider;

    private ImdsAwsRegionProvider(ImdsRegionProvider provider) {
        this.provider = provider;
    }

    /**
     * Returns a provider reading the region through {@code client}.
     *
     * @param client the IMDS client; the caller keeps ownership
     * @return a new provider
     */
    public static ImdsAwsRegionProvider create(ImdsClient client) {
        return new ImdsAwsRegionProvider(ImdsRegionProvider.create(
                Objects.requireNonNull(client, "client")));
    }

    /**
     * Returns the region.
     *
     * @return such as {@code Region.EU_WEST_1}
     * @throws SdkClientException wrapping the {@link ImdsException}
     */
    @Override
    public Region getRegion() {
        try {
            return Region.of(provider.region());
        } catch (ImdsException e) {
            throw SdkClientException.create("Unable to load the region from IMDS: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ImdsAwsRegionProvider[" + provider + "]";
    }
}
