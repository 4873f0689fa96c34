/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link ImdsClient} bean and the {@code imds.*} property source.
 *
 * <p>The client takes its settings from the {@code imds4j.*} properties ({@link
 * ImdsProperties}), falling back to the environment and the AWS config file, then applies every
 * {@link ImdsClientCustomizer} bean. It is lazy: built on its first injection or lookup (by the
 * health indicator, the interruption watcher, the AWS SDK providers, the application, or the
 * property source on EC2), and closed with the context if it was built. The {@code imds4j.*}
 * properties are checked when the context starts: an invalid one fails it, naming the property.
 * An application's own {@code ImdsClient} bean replaces it, and is then used by every imds4j
 * feature. Building it sends nothing.
 *
 * <p>The property source (on unless {@code imds4j.property-source.enabled=false}) resolves
 * {@code imds.*} names through the context's client on first use; see the {@linkplain
 * dev.imds4j.spring package overview} for the names. When the host is known not to be EC2 and no
 * endpoint is configured ({@link ImdsClient.Builder#knownOffEc2()}), it is empty without
 * building the auto-configured client at all. Off by {@code imds4j.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "imds4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties
public final class ImdsAutoConfiguration {
    /** The name of the auto-configured client bean. */
    static final String CLIENT = "imdsClient";
    /**
     * The name {@code @EnableConfigurationProperties(ImdsProperties.class)} gives the settings
     * bean, so that the feature auto-configurations that declare it find this one.
     */
    static final String PROPERTIES = "imds4j-dev.imds4j.spring.ImdsProperties";

    /** Created by Spring. */
    public ImdsAutoConfiguration() {}

    /**
     * The {@code imds4j.*} settings as a bean, lazy: bound when a feature that reads it
     * (common tags, the interruption watcher) or the application asks for it. The client and
     * the property source bind what they need one by one, which costs a cold start far less.
     */
    @Bean(PROPERTIES)
    @Lazy
    @ConditionalOnMissingBean
    ImdsProperties imdsProperties() {
        return new ImdsProperties();
    }

    /** The client and its settings, unless the application defines its own client. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(ImdsClient.class)
    static class Client {
        @Bean
        ImdsClientSettings imdsClientSettings(Environment environment,
                ObjectProvider<ImdsClientCustomizer> customizers) {
            return new ImdsClientSettings(ImdsClients.clientProperties(Binder.get(environment)),
                    customizers);
        }

        @Bean(name = CLIENT, destroyMethod = "close")
        @Lazy
        ImdsClient imdsClient(ImdsClientSettings settings) {
            return settings.build();
        }
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
                source = new ImdsPropertySource(new MetadataValues(null, Clock.systemUTC(),
                        ImdsEnvironmentPostProcessor.refresh(Binder.get(environment))));
                environment.getPropertySources().addLast(source);
                added = true;
            }
            Object previous = source.getSource().use(new ContextClient(beanFactory));
            if (previous instanceof ImdsEnvironmentPostProcessor.EarlyClient early) {
                early.close();
            }
            installed = source;
        }

        @Override
        public void destroy() {
            if (installed != null) {
                installed.getSource().use(null);
                if (added) {
                    environment.getPropertySources().remove(ImdsPropertySource.NAME);
                }
            }
        }
    }

    /**
     * The context's client, for the property source: the unique {@code ImdsClient} bean, or
     * null for none. The auto-configured one is not built when its settings say the host is
     * known off EC2: the source is then empty, as it would be with the client. That answer is
     * kept once the context's bean definitions are frozen, so that each later resolution costs
     * a field read.
     */
    static final class ContextClient implements Supplier<ImdsClient> {
        private final ConfigurableListableBeanFactory beanFactory;
        private volatile boolean offEc2;

        ContextClient(ConfigurableListableBeanFactory beanFactory) {
            this.beanFactory = beanFactory;
        }

        @Override
        public ImdsClient get() {
            if (offEc2) {
                return null;
            }
            ImdsClientSettings ours = beanFactory.getBeanProvider(ImdsClientSettings.class)
                    .getIfUnique();
            if (ours != null && ours.knownOffEc2() && onlyOurs()) {
                offEc2 = beanFactory.isConfigurationFrozen();
                return null;
            }
            return beanFactory.getBeanProvider(ImdsClient.class).getIfUnique();
        }

        /** Whether the only client bean is the auto-configured one (built or not). */
        private boolean onlyOurs() {
            String[] names = beanFactory.getBeanNamesForType(ImdsClient.class);
            return names.length == 1 && names[0].equals(CLIENT);
        }
    }
}
