/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The EC2 resource detector for OpenTelemetry Java. See {@link dev.imds4j.opentelemetry}. The
 * OpenTelemetry jars are automatic modules (named in their manifests), hence the suppressed
 * warnings.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.imds4j.opentelemetry {
    requires transitive dev.imds4j;
    requires transitive io.opentelemetry.sdk.autoconfigure.spi;
    requires transitive io.opentelemetry.sdk.common;
    requires io.opentelemetry.api;
    requires java.logging;

    exports dev.imds4j.opentelemetry;

    provides io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider
            with dev.imds4j.opentelemetry.Ec2ResourceProvider;
}
