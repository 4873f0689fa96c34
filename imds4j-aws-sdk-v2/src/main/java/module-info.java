/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * imds4j for the AWS SDK for Java v2. See {@link dev.imds4j.awssdk}. The SDK's jars are automatic
 * modules (named in their manifests), hence the suppressed warnings.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.imds4j.awssdk {
    requires transitive dev.imds4j;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;

    exports dev.imds4j.awssdk;
}
