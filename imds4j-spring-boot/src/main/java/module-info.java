/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * imds4j for Spring Boot. See {@link dev.imds4j.spring}. Spring's, Micrometer's and the AWS
 * SDK's jars are automatic modules (named in their manifests), hence the suppressed warnings.
 * Everything but the client is optional at run time ({@code requires static}): each feature is
 * conditional on its own classes. The package is open to Spring, which calls the {@code @Bean}
 * methods and binds {@link dev.imds4j.spring.ImdsProperties} reflectively.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.imds4j.spring {
    requires transitive dev.imds4j;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.context;
    requires transitive spring.beans;
    requires transitive spring.core;
    requires static transitive spring.boot.health;
    requires static transitive spring.boot.micrometer.metrics;
    requires static transitive micrometer.core;
    requires static transitive dev.imds4j.awssdk;
    requires static transitive software.amazon.awssdk.auth;
    requires static transitive software.amazon.awssdk.regions;

    exports dev.imds4j.spring;

    opens dev.imds4j.spring to spring.core, spring.beans, spring.context;
}
