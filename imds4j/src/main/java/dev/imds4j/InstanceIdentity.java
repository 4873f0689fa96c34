/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The instance identity document, {@code /latest/dynamic/instance-identity/document}.
 *
 * @param accountId the AWS account that owns the instance
 * @param architecture such as {@code x86_64} or {@code arm64}; null if absent
 * @param availabilityZone such as {@code eu-west-1a}
 * @param billingProducts billing product codes; empty when none
 * @param devpayProductCodes DevPay product codes; empty when none
 * @param marketplaceProductCodes AWS Marketplace product codes; empty when none
 * @param imageId the AMI the instance was launched from
 * @param instanceId such as {@code i-0b22a22eec53b9321}
 * @param instanceType such as {@code m5.large}
 * @param kernelId the kernel; null when none
 * @param pendingTime when the instance was launched
 * @param privateIp the primary private IPv4 address; null if absent
 * @param ramdiskId the RAM disk; null when none
 * @param region such as {@code eu-west-1}
 * @param version the document format version, such as {@code 2017-09-30}; null if absent
 */
public record InstanceIdentity(
        String accountId,
        String architecture,
        String availabilityZone,
        List<String> billingProducts,
        List<String> devpayProductCodes,
        List<String> marketplaceProductCodes,
        String imageId,
        String instanceId,
        String instanceType,
        String kernelId,
        Instant pendingTime,
        String privateIp,
        String ramdiskId,
        String region,
        String version) {

    /**
     * Checks the fields every document has and copies the lists.
     *
     * @param accountId the value for the {@code accountId} record component
     * @param architecture the value for the {@code architecture} record component
     * @param availabilityZone the value for the {@code availabilityZone} record component
     * @param billingProducts the value for the {@code billingProducts} record component
     * @param devpayProductCodes the value for the {@code devpayProductCodes} record component
     * @param marketplaceProductCodes the value for the {@code marketplaceProductCodes}
     *     record component
     * @param imageId the value for the {@code imageId} record component
     * @param instanceId the value for the {@code instanceId} record component
     * @param instanceType the value for the {@code instanceType} record component
     * @param kernelId the value for the {@code kernelId} record component
     * @param pendingTime the value for the {@code pendingTime} record component
     * @param privateIp the value for the {@code privateIp} record component
     * @param ramdiskId the value for the {@code ramdiskId} record component
     * @param region the value for the {@code region} record component
     * @param version the value for the {@code version} record component
     */
    public InstanceIdentity {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(pendingTime, "pendingTime");
        Objects.requireNonNull(region, "region");
        billingProducts = List.copyOf(billingProducts);
        devpayProductCodes = List.copyOf(devpayProductCodes);
        marketplaceProductCodes = List.copyOf(marketplaceProductCodes);
    }
}
