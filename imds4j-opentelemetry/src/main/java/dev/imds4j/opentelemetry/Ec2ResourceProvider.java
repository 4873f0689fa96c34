/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ConditionalResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The EC2 {@link ResourceProvider} for the OpenTelemetry SDK's autoconfiguration: adds the
 * instance's {@code cloud.*} and {@code host.*} attributes, read from IMDSv2 by an {@link
 * Ec2ResourceDetector}, at no cost off EC2 and within a time budget on it.
 *
 * <p>Autoconfiguration finds it by the service loader, on the class path ({@code
 * META-INF/services}) and on the module path ({@code provides} in {@code module-info}); putting
 * {@code dev.imds4j:imds4j-opentelemetry} on the runtime class path is all it takes. Settings,
 * read through {@link ConfigProperties} (system properties, environment variables such as {@code
 * OTEL_RESOURCE_IMDS4J_TIMEOUT}, or any properties supplier):
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@value #TIMEOUT}</td><td>the detection's time budget, an OpenTelemetry duration
 *       ({@code 500ms}, {@code 2s}; a bare number is milliseconds), 1 ms to 1 hour</td>
 *       <td>{@code 1s}</td></tr>
 *   <tr><td>{@value #TAGS}</td><td>instance tag keys to add as {@code ec2.tag.<key>},
 *       comma-separated</td><td>none</td></tr>
 *   <tr><td>{@code otel.java.disabled.resource.providers}</td><td>turns it off with this class's
 *       name, {@code dev.imds4j.opentelemetry.Ec2ResourceProvider}</td><td></td></tr>
 * </table>
 *
 * <p>The client's own settings (endpoint, endpoint mode, attempts, profile) come from the usual
 * {@code AWS_*} variables and the AWS config file. An invalid value of either property fails
 * autoconfiguration with a {@link ConfigurationException} that names it.
 *
 * <p>It runs at {@linkplain #order() order} 10, after the more specific AWS platform detectors
 * (ECS, EKS, Elastic Beanstalk, Lambda: order 0 in OpenTelemetry Java contrib), and only while no
 * earlier provider has set {@code cloud.provider} ({@link #shouldApply}): on an ECS or EKS node
 * that a platform detector recognised, or beside contrib's own EC2 detector, it steps aside.
 * Resource attributes set by the user ({@code otel.resource.attributes}, {@code
 * otel.service.name}) still override it.
 *
 * <p>Thread-safe; stateless between calls.
 */
public final class Ec2ResourceProvider implements ConditionalResourceProvider {
    /** The property that sets the detection's time budget. */
    public static final String TIMEOUT = "otel.resource.imds4j.timeout";
    /** The property that lists the instance tag keys to add. */
    public static final String TAGS = "otel.resource.imds4j.tags";

    private static final AttributeKey<String> CLOUD_PROVIDER =
            AttributeKey.stringKey("cloud.provider");

    private final Supplier<Ec2ResourceDetector.Builder> detectors;

    /** Creates the provider; the service loader calls this. */
    public Ec2ResourceProvider() {
        this(Ec2ResourceDetector::builder);
    }

    /** For tests: detectors configured beyond what the properties say. */
    Ec2ResourceProvider(Supplier<Ec2ResourceDetector.Builder> detectors) {
        this.detectors = Objects.requireNonNull(detectors, "detectors");
    }

    /**
     * Detects the EC2 resource; see {@link Ec2ResourceDetector#detect()}.
     *
     * @param config the autoconfiguration properties
     * @return the EC2 resource, or an empty one off EC2 or when IMDS does not answer in time
     * @throws ConfigurationException if {@value #TIMEOUT} or {@value #TAGS} is invalid
     */
    @Override
    public Resource createResource(ConfigProperties config) {
        long start = System.nanoTime(); // the budget covers loading the detector's classes too
        Ec2ResourceDetector.Builder detector = detectors.get();
        Duration timeout = config.getDuration(TIMEOUT, Ec2ResourceDetector.DEFAULT_TIMEOUT);
        try {
            detector.timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(TIMEOUT + ": must be 1 ms to 1 hour: '"
                    + config.getString(TIMEOUT) + "'");
        }
        List<String> tags = config.getList(TAGS);
        try {
            detector.tagKeys(tags);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(TAGS + ": " + e.getMessage());
        }
        return detector.build().detect(start);
    }

    /**
     * Applies only while no earlier provider has set {@code cloud.provider}.
     *
     * @param config the autoconfiguration properties
     * @param existing the resource built so far
     * @return true when {@code existing} has no {@code cloud.provider}
     */
    @Override
    public boolean shouldApply(ConfigProperties config, Resource existing) {
        return existing.getAttribute(CLOUD_PROVIDER) == null;
    }

    /**
     * Returns 10: after the platform detectors at the default order 0.
     *
     * @return 10
     */
    @Override
    public int order() {
        return 10;
    }
}
