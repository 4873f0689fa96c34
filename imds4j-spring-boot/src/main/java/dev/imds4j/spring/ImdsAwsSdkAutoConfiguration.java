/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.awssdk.ImdsAwsCredentialsProvider;
import dev.imds4j.awssdk.ImdsAwsRegionProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * Auto-configuration of the AWS SDK for Java v2 providers from {@code imds4j-aws-sdk-v2}, when
 * it and the SDK are on the class path. Each is opt-in: an {@code AwsCredentialsProvider} or
 * {@code AwsRegionProvider} bean changes what other auto-configurations hand to SDK clients, so
 * none is defined unless asked for with {@code imds4j.aws-sdk.credentials-provider.enabled=true}
 * or {@code imds4j.aws-sdk.region-provider.enabled=true}. The SDK's default chain is never
 * replaced silently.
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnClass({ImdsAwsCredentialsProvider.class, AwsCredentialsProvider.class,
        AwsRegionProvider.class})
@ConditionalOnBean(ImdsClient.class)
public final class ImdsAwsSdkAutoConfiguration {
    /** Created by Spring. */
    public ImdsAwsSdkAutoConfiguration() {}

    /**
     * Defines the instance role's credentials as an SDK provider.
     *
     * @param client the context's client
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("imds4j.aws-sdk.credentials-provider.enabled")
    public ImdsAwsCredentialsProvider imdsAwsCredentialsProvider(ImdsClient client) {
        return ImdsAwsCredentialsProvider.create(client);
    }

    /**
     * Defines the instance's region as an SDK provider.
     *
     * @param client the context's client
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("imds4j.aws-sdk.region-provider.enabled")
    public ImdsAwsRegionProvider imdsAwsRegionProvider(ImdsClient client) {
        return ImdsAwsRegionProvider.create(client);
    }
}
