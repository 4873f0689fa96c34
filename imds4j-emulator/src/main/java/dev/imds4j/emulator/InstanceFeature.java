/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

/**
 * Metadata that only some instances have. The default instance, an on-demand {@code m5.large}
 * in a VPC launched from an EBS-backed HVM AMI, has none of these; each one adds the categories
 * AWS documents for it. Turn them on with {@link ImdsEmulator#feature(InstanceFeature, boolean)},
 * {@link ImdsEmulator.Builder#feature(InstanceFeature)}, or {@code "features"} in the JSON
 * configuration (the name in camel case, such as {@code "placementGroup"}).
 */
public enum InstanceFeature {
    /**
     * An IPv6 address on the primary interface: {@code ipv6}, and per MAC {@code ipv6s}, {@code
     * subnet-ipv6-cidr-blocks} and {@code vpc-ipv6-cidr-blocks}.
     */
    IPV6("ipv6"),
    /** Launched into a partition placement group: {@code placement/group-name}, {@code
     * placement/partition-number}. */
    PLACEMENT_GROUP("placementGroup"),
    /** On a Dedicated Host: {@code placement/host-id}. */
    DEDICATED_HOST("dedicatedHost"),
    /**
     * From an AWS Marketplace AMI: {@code product-codes}, and {@code marketplaceProductCodes} in
     * the identity document.
     */
    PRODUCT_CODES("productCodes"),
    /**
     * A paravirtual AMI with its own kernel and RAM disk: {@code kernel-id}, {@code ramdisk-id},
     * and their ids in the identity document.
     */
    KERNEL_AND_RAMDISK("kernelAndRamdisk"),
    /**
     * Instance store and swap devices in the block device mapping: {@code
     * block-device-mapping/ephemeral0} and {@code block-device-mapping/swap}.
     */
    INSTANCE_STORE("instanceStore"),
    /** An Elastic GPU: {@code elastic-gpus/associations/<id>} (JSON). */
    ELASTIC_GPU("elasticGpu"),
    /** An Elastic Inference accelerator: {@code elastic-inference/associations/<id>} (JSON). */
    ELASTIC_INFERENCE("elasticInference"),
    /** An AMI rebundled from others: {@code ancestor-ami-ids}. */
    ANCESTOR_AMI_IDS("ancestorAmiIds"),
    /** Prefix delegation on the primary interface: per MAC {@code ipv4-prefix}, {@code
     * ipv6-prefix}. */
    PREFIX_DELEGATION("prefixDelegation"),
    /** Detailed CloudWatch monitoring: {@code dynamic/fws/instance-monitoring} is {@code enabled}
     * instead of {@code disabled}. */
    DETAILED_MONITORING("detailedMonitoring");

    private final String configName;

    InstanceFeature(String configName) {
        this.configName = configName;
    }

    /** The feature with this configuration name, or null. */
    static InstanceFeature byConfigName(Object name) {
        for (InstanceFeature f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Every configuration name, comma-separated, for help and error messages. */
    static String configNames() {
        StringBuilder s = new StringBuilder();
        for (InstanceFeature f : values()) {
            s.append(s.length() == 0 ? "" : ", ").append(f.configName);
        }
        return s.toString();
    }

    /**
     * Returns the name used in the JSON configuration's {@code "features"} list.
     *
     * @return such as {@code placementGroup}
     */
    public String configName() {
        return configName;
    }
}
