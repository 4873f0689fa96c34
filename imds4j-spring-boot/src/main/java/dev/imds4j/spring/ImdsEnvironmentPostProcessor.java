/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds the {@code imds.*} property source to a {@link SpringApplication}'s environment right
 * after the configuration files are read, so that placeholders resolved before the context
 * exists ({@code spring.application.name}, logging settings) can use it too. Registered in
 * {@code META-INF/spring.factories}; applications do not call it.
 *
 * <p>Nothing is read and no client is built here. A value resolved before the context is
 * refreshed is read with a client built from the {@code imds4j.*} properties alone, and none is
 * built when those settings say the host is known off EC2 ({@link
 * ImdsClient.Builder#knownOffEc2()}); once the context is refreshed, the source reads through
 * its {@code ImdsClient} bean instead and this early client, if it was built, is closed.
 * Skipped when {@code imds4j.enabled} or {@code imds4j.property-source.enabled} is false.
 */
public final class ImdsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
    /** Runs right after {@link ConfigDataEnvironmentPostProcessor} has read the files. */
    public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

    /** The defaults of {@link ImdsProperties}, without loading its nest of beans. */
    static final boolean DEFAULT_ENABLED = true;
    static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    /** Null: {@link ImdsClients#builder}, without a lambda to spin. */
    private final Function<ImdsClients.ClientProperties, ImdsClient.Builder> settings;

    /** Creates the post-processor; Spring Boot calls it. */
    public ImdsEnvironmentPostProcessor() {
        this(null);
    }

    /** For tests: early clients are built from what {@code settings} returns. */
    ImdsEnvironmentPostProcessor(
            Function<ImdsClients.ClientProperties, ImdsClient.Builder> settings) {
        this.settings = settings;
    }

    /**
     * Adds the source, unless it is turned off or already there.
     *
     * @param environment the application's environment
     * @param application the application
     */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment,
            SpringApplication application) {
        // Three settings bound one by one: binding the whole ImdsProperties, a nest of beans,
        // costs a cold start 10 ms or more. The client settings wait for an early client.
        Binder binder = Binder.get(environment);
        if (!setting(binder, "enabled", Boolean.class, DEFAULT_ENABLED)
                || !setting(binder, "property-source.enabled", Boolean.class, DEFAULT_ENABLED)
                || ImdsPropertySource.find(environment) != null) {
            return;
        }
        EarlyClient early = new EarlyClient(settings, environment);
        environment.getPropertySources().addLast(new ImdsPropertySource(new MetadataValues(
                early, Clock.systemUTC(), refresh(binder))));
    }

    /**
     * Returns {@link #ORDER}.
     *
     * @return the order
     */
    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The refresh interval of the source, checked. */
    static Duration refresh(Binder binder) {
        return ImdsClients.check("property-source.refresh-interval",
                setting(binder, "property-source.refresh-interval", Duration.class,
                        DEFAULT_REFRESH),
                Duration.ZERO);
    }

    /** The value of {@code imds4j.<name>}, or {@code unset}. */
    private static <T> T setting(Binder binder, String name, Class<T> type, T unset) {
        return binder.bind(ImdsProperties.PREFIX + "." + name, Bindable.of(type)).orElse(unset);
    }

    /**
     * A client built on first use unless its settings say the host is known off EC2 (then
     * null, and nothing is built), closed when the context's client takes over.
     */
    static final class EarlyClient implements Supplier<ImdsClient> {
        private final Function<ImdsClients.ClientProperties, ImdsClient.Builder> settings;
        private final ConfigurableEnvironment environment;
        private Boolean knownOffEc2; // guarded by this
        private ImdsClient client; // guarded by this
        private boolean closed; // guarded by this

        EarlyClient(Function<ImdsClients.ClientProperties, ImdsClient.Builder> settings,
                ConfigurableEnvironment environment) {
            this.settings = settings;
            this.environment = environment;
        }

        @Override
        public synchronized ImdsClient get() {
            if (closed || Boolean.TRUE.equals(knownOffEc2)) {
                return null;
            }
            if (client == null) {
                ImdsClients.ClientProperties properties =
                        ImdsClients.clientProperties(Binder.get(environment));
                ImdsClient.Builder b = settings == null ? ImdsClients.builder(properties)
                        : settings.apply(properties);
                knownOffEc2 = b.knownOffEc2();
                if (knownOffEc2) {
                    return null;
                }
                client = b.build();
            }
            return client;
        }

        synchronized boolean built() {
            return client != null;
        }

        void close() {
            ImdsClient c;
            synchronized (this) {
                closed = true;
                c = client;
            }
            if (c != null) {
                c.close();
            }
        }
    }
}
