/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry.probe;

import dev.imds4j.opentelemetry.Ec2ResourceProvider;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Autoconfigures the SDK as an application would (service loader, process environment) and
 * prints the resource's attributes as {@code key=value} lines, then the provider's module.
 * Run by {@code ServiceLoadingIT} on the class path and on the module path; in a package of its
 * own, since on the module path the module owns {@code dev.imds4j.opentelemetry}.
 */
public final class PrintResource {
    private PrintResource() {}

    /**
     * Runs it.
     *
     * @param args none
     */
    public static void main(String[] args) {
        AtomicReference<Resource> seen = new AtomicReference<>();
        AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
                .addResourceCustomizer((resource, config) -> {
                    seen.set(resource);
                    return resource;
                })
                .disableShutdownHook()
                .build().getOpenTelemetrySdk().close();
        Map<String, String> sorted = new TreeMap<>();
        seen.get().getAttributes().forEach((k, v) -> sorted.put(k.getKey(), String.valueOf(v)));
        sorted.forEach((k, v) -> System.out.println(k + "=" + v));
        System.out.println("provider-module=" + Ec2ResourceProvider.class.getModule().getName());
    }
}
