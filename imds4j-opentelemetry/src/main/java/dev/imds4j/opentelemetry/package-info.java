/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The EC2 resource detector for OpenTelemetry Java: {@code cloud.*} and {@code host.*} resource
 * attributes from IMDSv2, free off EC2 and bounded in time on it.
 *
 * <p>With the SDK's autoconfiguration, the jar on the runtime class path is all it takes: {@link
 * dev.imds4j.opentelemetry.Ec2ResourceProvider} is found by the service loader and adds the
 * attributes {@link dev.imds4j.opentelemetry.Ec2ResourceDetector} lists. Settings are {@code
 * otel.resource.imds4j.timeout} (default {@code 1s}) and {@code otel.resource.imds4j.tags}
 * (instance tag keys, none by default); {@code
 * otel.java.disabled.resource.providers=dev.imds4j.opentelemetry.Ec2ResourceProvider} turns it
 * off. Without autoconfiguration, merge the detector's resource into your own.
 *
 * <p>What it costs: off EC2 (the host's firmware says another vendor, and no IMDS endpoint is
 * configured) nothing is sent and no thread is started; on EC2, one token and two GETs on the
 * calling thread, plus one GET per tag, within one deadline; when IMDS does not answer, the
 * time budget and one log record naming the likely cause, such as a container's hop limit.
 *
 * <pre>{@code
 * // autoconfiguration: -Dotel.resource.imds4j.tags=Name,team
 * OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
 *
 * // by hand
 * Resource resource = Resource.getDefault().merge(Ec2ResourceDetector.builder()
 *         .timeout(Duration.ofMillis(500))
 *         .tagKeys(List.of("Name"))
 *         .build()
 *         .detect());
 * }</pre>
 */
package dev.imds4j.opentelemetry;
