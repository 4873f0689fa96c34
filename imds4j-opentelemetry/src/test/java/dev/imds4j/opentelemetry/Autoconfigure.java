/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs the SDK's autoconfiguration with the SPI implementations the service loader finds, except
 * that the {@link Ec2ResourceProvider} it finds is swapped for one whose detectors are set up by
 * the test (environment, host, logger), through {@code setComponentLoader}. Exporters are off.
 * Records whether the service loader found the provider and how long it took, measured by two
 * marker providers ordered just before and after it.
 */
final class Autoconfigure {
    private final Supplier<Ec2ResourceDetector.Builder> detectors;
    private final Map<String, String> properties = new HashMap<>();
    private final List<ResourceProvider> extra = new ArrayList<>();
    private volatile boolean found;
    private volatile long before;
    private volatile long after;

    Autoconfigure(Supplier<Ec2ResourceDetector.Builder> detectors) {
        this.detectors = detectors;
        properties.put("otel.traces.exporter", "none");
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
    }

    Autoconfigure property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** Adds a provider beside those the service loader finds. */
    Autoconfigure provider(ResourceProvider provider) {
        extra.add(provider);
        return this;
    }

    /** Autoconfigures and returns the resource the SDK ends up with. */
    Resource run() {
        AtomicReference<Resource> seen = new AtomicReference<>();
        ComponentLoader services = ComponentLoader.forClassLoader(getClass().getClassLoader());
        ComponentLoader loader = new ComponentLoader() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Iterable<T> load(Class<T> spi) {
                if (spi != ResourceProvider.class) {
                    return services.load(spi);
                }
                List<T> providers = new ArrayList<>();
                for (T p : services.load(spi)) {
                    if (p instanceof Ec2ResourceProvider) {
                        found = true;
                        providers.add((T) new Ec2ResourceProvider(detectors));
                    } else {
                        providers.add(p);
                    }
                }
                providers.add((T) new Marker(9, () -> before = System.nanoTime()));
                providers.add((T) new Marker(11, () -> after = System.nanoTime()));
                for (ResourceProvider p : extra) {
                    providers.add((T) p);
                }
                return providers;
            }
        };
        AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .setComponentLoader(loader)
                .addPropertiesSupplier(() -> properties)
                .addResourceCustomizer((resource, config) -> {
                    seen.set(resource);
                    return resource;
                })
                .disableShutdownHook()
                .build();
        sdk.getOpenTelemetrySdk().close();
        return seen.get();
    }

    /** Whether the service loader found {@link Ec2ResourceProvider}. */
    boolean found() {
        return found;
    }

    /** Milliseconds between the markers ordered just before and after the EC2 provider. */
    long detectionMillis() {
        return (after - before) / 1_000_000;
    }

    /** A provider that adds nothing and runs a task when its turn comes. */
    static final class Marker implements ResourceProvider {
        private final int order;
        private final Runnable task;

        Marker(int order, Runnable task) {
            this.order = order;
            this.task = task;
        }

        @Override
        public Resource createResource(ConfigProperties config) {
            task.run();
            return Resource.empty();
        }

        @Override
        public int order() {
            return order;
        }
    }
}
