/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * imds4j for the AWS SDK for Java v2: {@link dev.imds4j.awssdk.ImdsAwsCredentialsProvider} and
 * {@link dev.imds4j.awssdk.ImdsAwsRegionProvider} plug imds4j into any SDK client builder.
 *
 * <pre>{@code
 * try (ImdsClient imds = ImdsClient.create();
 *         StsClient sts = StsClient.builder()
 *                 .region(ImdsAwsRegionProvider.create(imds).getRegion())
 *                 .credentialsProvider(ImdsAwsCredentialsProvider.create(imds))
 *                 .build()) {
 *     sts.getCallerIdentity();
 * }
 * }</pre>
 */
package dev.imds4j.awssdk;
