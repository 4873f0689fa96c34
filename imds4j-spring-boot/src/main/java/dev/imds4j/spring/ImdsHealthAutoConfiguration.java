/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsCredentialsProvider;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code imds} health indicator, with Spring Boot's health support
 * ({@code spring-boot-health}, brought by the Actuator) on the class path. Off with {@code
 * management.health.imds.enabled=false}. The indicator reports UP when IMDS answers with a valid
 * token, with the role's credentials expiry; UNKNOWN, never DOWN, off EC2.
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ImdsClient.class)
@ConditionalOnEnabledHealthIndicator("imds")
public final class ImdsHealthAutoConfiguration {
    /** Created by Spring. */
    public ImdsHealthAutoConfiguration() {}

    /**
     * Defines the indicator, named {@code imds} in the health endpoint.
     *
     * @param client the context's client
     * @param clock a unique {@code Clock} bean, if any, for the credentials expiry
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "imdsHealthIndicator")
    public HealthIndicator imdsHealthIndicator(ImdsClient client, ObjectProvider<Clock> clock) {
        Clock c = clock.getIfUnique(Clock::systemUTC);
        return new ImdsHealthIndicator(client,
                ImdsCredentialsProvider.builder(client).clock(c).build(), c);
    }
}
