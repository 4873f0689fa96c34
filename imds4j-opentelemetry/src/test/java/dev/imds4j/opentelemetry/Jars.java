/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import dev.imds4j.ImdsClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the module's runtime dependencies and an application's OpenTelemetry SDK live. */
final class Jars {
    private Jars() {}

    /**
     * The module (at {@code self}), imds4j (which needs nothing else), and the OpenTelemetry
     * SDK with its autoconfiguration: what an application's module or class path holds.
     */
    static List<Path> runtime(Path self) {
        List<Path> paths = new ArrayList<>();
        paths.add(self);
        for (Class<?> c : List.of(ImdsClient.class, OpenTelemetry.class, Context.class,
                ComponentLoader.class, Resource.class, SdkTracerProvider.class,
                SdkMeterProvider.class, SdkLoggerProvider.class, OpenTelemetrySdk.class,
                ResourceProvider.class, AutoConfiguredOpenTelemetrySdk.class)) {
            paths.add(location(c));
        }
        return paths;
    }

    static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
