/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Start-up of the OpenTelemetry SDK's autoconfiguration with whatever resource providers the
 * class path holds (none, imds4j's, OpenTelemetry Java contrib's {@code aws-resources}), exporters
 * off. Prints the nanoseconds {@code AutoConfiguredOpenTelemetrySdk...build()} took, then the
 * resource's {@code cloud.*}, {@code host.*} and {@code ec2.*} attributes, one {@code key=value}
 * a line. Run by {@code otel_startup.py}, which sets each detector's endpoint to a loopback
 * emulator or a closed loopback port.
 */
public final class OtelStartup {
    private OtelStartup() {}

    /**
     * Autoconfigures, times it, and prints the result.
     *
     * @param args none
     */
    public static void main(String[] args) {
        AtomicReference<Resource> seen = new AtomicReference<>();
        long start = System.nanoTime();
        AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
                .addResourceCustomizer((resource, config) -> {
                    seen.set(resource);
                    return resource;
                })
                .disableShutdownHook()
                .build();
        long elapsed = System.nanoTime() - start;
        sdk.getOpenTelemetrySdk().close();
        System.out.println("autoconfigure_ns=" + elapsed);
        Map<String, String> attributes = new TreeMap<>();
        seen.get().getAttributes().forEach((k, v) -> {
            String key = k.getKey();
            if (key.startsWith("cloud.") || key.startsWith("host.") || key.startsWith("ec2.")) {
                attributes.put(key, String.valueOf(v));
            }
        });
        attributes.forEach((k, v) -> System.out.println(k + "=" + v));
    }
}
