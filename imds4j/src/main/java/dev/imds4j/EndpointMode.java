/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;
import java.util.Locale;

/** Which of IMDS's two addresses to use when no endpoint is configured. */
public enum EndpointMode {
    /** {@code http://169.254.169.254}, on every instance; the default. */
    IPV4("http://169.254.169.254"),
    /** {@code http://[fd00:ec2::254]}, on Nitro instances with the IPv6 endpoint turned on. */
    IPV6("http://[fd00:ec2::254]");

    private final URI endpoint;

    EndpointMode(String endpoint) {
        this.endpoint = URI.create(endpoint);
    }

    /**
     * Returns the endpoint this mode stands for.
     *
     * @return {@code http://169.254.169.254} or {@code http://[fd00:ec2::254]}
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Parses a mode as written in {@code AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE} or
     * {@code ec2_metadata_service_endpoint_mode}: {@code IPv4} or {@code IPv6}, in any case.
     *
     * @param text the setting's value
     * @return the mode
     * @throws IllegalArgumentException if it is neither
     */
    public static EndpointMode parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ipv4":
                return IPV4;
            case "ipv6":
                return IPV6;
            default:
                throw new IllegalArgumentException(
                        "not an endpoint mode: '" + text + "' (expected IPv4 or IPv6)");
        }
    }
}
