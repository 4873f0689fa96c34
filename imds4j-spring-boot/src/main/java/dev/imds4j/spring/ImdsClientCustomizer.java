/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;

/**
 * Adjusts the builder of the auto-configured {@link ImdsClient} after the {@code imds4j.*}
 * properties are applied and before it is built: a logger, an executor, a TLS socket factory,
 * an injected environment or host detection. Every bean of this type applies, in {@link
 * org.springframework.core.annotation.Order} order. Not used when the application defines its
 * own {@code ImdsClient} bean.
 *
 * <pre>{@code
 * @Bean
 * ImdsClientCustomizer imdsLogger() {
 *     return builder -> builder.logger(System.getLogger("imds"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ImdsClientCustomizer {
    /**
     * Customizes the builder.
     *
     * @param builder the builder, properties already applied
     */
    void customize(ImdsClient.Builder builder);
}
