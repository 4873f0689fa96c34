/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.time.Clock;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link ImdsClient} bean and the {@code imds.*} property source.
 *
 * <p>The client takes its settings from the {@code imds4j.*} properties ({@link
 * ImdsProperties}), falling back to the environment and the AWS config file, then applies every
 * {@link ImdsClientCustomizer} bean; it is closed with the context. An application's own {@code
 * ImdsClient} bean replaces it, and is then used by every imds4j feature. Building it sends
 * nothing.
 *
 * <p>The property source (on unless {@code imds4j.property-source.enabled=false}) resolves
 * {@code imds.*} names through the context's client on first use; see the {@linkplain
 * dev.imds4j.spring package overview} for the names. Off by {@code imds4j.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "imds4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsAutoConfiguration {
    /** Created by Spring. */
    public ImdsAutoConfiguration() {}

    /**
     * Defines the client.
     *
     * @param properties the {@code imds4j.*} settings
     * @param customizers customizers, applied in order
     * @return a new client, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ImdsClient imdsClient(ImdsProperties properties,
            ObjectProvider<ImdsClientCustomizer> customizers) {
        return ImdsClients.build(properties, customizers.orderedStream().toList());
    }

    /**
     * Installs the {@code imds.*} property source, or takes over the one added before the
     * context existed, and points it at the context's client.
     *
     * @return the installer
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "imds4j.property-source.enabled", matchIfMissing = true)
    public static BeanFactoryPostProcessor imdsPropertySourceInstaller() {
        return new PropertySourceInstaller();
    }

    /** Points the property source at the context's client from refresh until close. */
    static final class PropertySourceInstaller
            implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {
        private ConfigurableEnvironment environment;
        private ImdsPropertySource installed;
        private boolean added;

        @Override
        public void setEnvironment(Environment environment) {
            if (environment instanceof ConfigurableEnvironment configurable) {
                this.environment = configurable;
            }
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            if (environment == null) {
                return;
            }
            ImdsPropertySource source = ImdsPropertySource.find(environment);
            if (source == null) {
                ImdsProperties properties = ImdsEnvironmentPostProcessor.bind(environment);
                source = new ImdsPropertySource(new MetadataValues(() -> null,
                        Clock.systemUTC(), ImdsEnvironmentPostProcessor.refresh(properties)));
                environment.getPropertySources().addLast(source);
                added = true;
            }
            ObjectProvider<ImdsClient> clients = beanFactory.getBeanProvider(ImdsClient.class);
            Object previous = source.getSource().use(clients::getIfUnique);
            if (previous instanceof ImdsEnvironmentPostProcessor.EarlyClient early) {
                early.close();
            }
            installed = source;
        }

        @Override
        public void destroy() {
            if (installed != null) {
                installed.getSource().use(() -> null);
                if (added) {
                    environment.getPropertySources().remove(ImdsPropertySource.NAME);
                }
            }
        }
    }
}
