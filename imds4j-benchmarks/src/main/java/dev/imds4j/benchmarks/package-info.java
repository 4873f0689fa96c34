/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Benchmarks of imds4j against the AWS SDK for Java v2 and a bare {@code HttpURLConnection}
 * floor, and of its OpenTelemetry resource provider against OpenTelemetry Java contrib's; not
 * published. JMH benchmarks run from {@code target/benchmarks.jar}; {@code ClientAllocation} and
 * the programs {@code startup.py} times ({@code JvmFloor}, {@code SdkV2Get}, {@code Noop}) and
 * {@code otel_startup.py} times ({@code OtelStartup}) have their own {@code main}. Figures and
 * commands: {@code docs/benchmarks.md}.
 *
 * <pre>{@code
 * java -jar imds4j-benchmarks/target/benchmarks.jar WarmGetBenchmark -t 8
 * }</pre>
 */
package dev.imds4j.benchmarks;
