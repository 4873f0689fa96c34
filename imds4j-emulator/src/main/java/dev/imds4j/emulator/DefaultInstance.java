/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance the emulator serves until told otherwise: one m5.large in eu-west-1a with an IAM
 * role, tags, one network interface, block devices and user data. Values that depend on others
 * (the identity document) or on time (credentials) are computed when served, so they stay
 * consistent with overrides and with the emulator's clock.
 */
final class DefaultInstance {
    static final String ACCOUNT_ID = "123456789012";
    static final String ROLE = "imds4j-demo-role";
    static final String INSTANCE_PROFILE = "imds4j-demo-profile";
    static final String MAC = "0e:49:61:0f:c3:11";
    /** Credentials rotate every hour and are valid for six, like the real service's. */
    static final Duration ROTATION = Duration.ofHours(1);
    static final Duration VALIDITY = Duration.ofHours(6);

    private static final String MD = "/latest/meta-data/";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final MetadataTree tree;
    private final Instant launchTime;
    private final byte[] seed;

    private DefaultInstance(MetadataTree tree, Instant launchTime, byte[] seed) {
        this.tree = tree;
        this.launchTime = launchTime;
        this.seed = seed.clone();
    }

    /** Fills {@code tree}; credentials derive from {@code seed} and rotate from launch time. */
    static void populate(MetadataTree tree, Instant launchTime, byte[] seed) {
        new DefaultInstance(tree, launchTime.truncatedTo(ChronoUnit.SECONDS), seed).populate();
    }

    private void populate() {
        String az = "eu-west-1a";
        String privateIp = "10.0.1.23";
        String publicIp = "203.0.113.25";
        String localHost = "ip-10-0-1-23.eu-west-1.compute.internal";
        String publicHost = "ec2-203-0-113-25.eu-west-1.compute.amazonaws.com";

        text(MD + "ami-id", "ami-0c1c30571d2dae5c9");
        text(MD + "ami-launch-index", "0");
        text(MD + "ami-manifest-path", "(unknown)");
        text(MD + "block-device-mapping/ami", "/dev/xvda");
        text(MD + "block-device-mapping/root", "/dev/xvda");
        text(MD + "block-device-mapping/ebs1", "sdb");
        text(MD + "hostname", localHost);
        text(MD + "instance-action", "none");
        text(MD + "instance-id", "i-0b22a22eec53b9321");
        text(MD + "instance-life-cycle", "on-demand");
        text(MD + "instance-type", "m5.large");
        text(MD + "local-hostname", localHost);
        text(MD + "local-ipv4", privateIp);
        text(MD + "mac", MAC);
        // "No longer available", says the guide, yet still listed; it serves an empty document.
        text(MD + "metrics/vhostmd", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        text(MD + "placement/availability-zone", az);
        text(MD + "placement/availability-zone-id", "euw1-az1");
        text(MD + "placement/region", "eu-west-1");
        text(MD + "profile", "default-hvm");
        text(MD + "public-hostname", publicHost);
        text(MD + "public-ipv4", publicIp);
        text(MD + "public-keys/0/openssh-key",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGN0dW1teS1rZXktZm9yLWltZHM0ai1kZW1v "
                        + "imds4j-demo-key\n");
        text(MD + "reservation-id", "r-0f3a1e54a2a9b9e21");
        text(MD + "security-groups", "imds4j-demo-sg");
        text(MD + "services/domain", "amazonaws.com");
        text(MD + "services/partition", "aws");
        text(MD + "system", "nitro");
        text(MD + "hibernation/configured", "false");
        text(MD + "autoscaling/target-lifecycle-state", "InService");
        text(MD + "events/maintenance/scheduled", "[]");
        text(MD + "events/maintenance/history", "[]");
        text(MD + "tags/instance/Name", "imds4j-demo");
        text(MD + "tags/instance/Environment", "test");

        String nic = MD + "network/interfaces/macs/" + MAC + "/";
        text(nic + "device-number", "0");
        text(nic + "interface-id", "eni-0f95d3625f5c521cc");
        text(nic + "ipv4-associations/" + publicIp, privateIp);
        text(nic + "local-hostname", localHost);
        text(nic + "local-ipv4s", privateIp);
        text(nic + "mac", MAC);
        text(nic + "network-card-index", "0");
        text(nic + "owner-id", ACCOUNT_ID);
        text(nic + "public-hostname", publicHost);
        text(nic + "public-ipv4s", publicIp);
        text(nic + "security-group-ids", "sg-0a1b2c3d4e5f60718");
        text(nic + "security-groups", "imds4j-demo-sg");
        text(nic + "subnet-id", "subnet-0c4d5e6f7a8b9c0d1");
        text(nic + "subnet-ipv4-cidr-block", "10.0.1.0/24");
        text(nic + "vpc-id", "vpc-0a9b8c7d6e5f40312");
        text(nic + "vpc-ipv4-cidr-block", "10.0.0.0/16");
        text(nic + "vpc-ipv4-cidr-blocks", "10.0.0.0/16");

        tree.put(MD + "iam/info", now -> Json.pretty(iamInfo(now)));
        tree.put(MD + "iam/security-credentials/" + ROLE, now -> credentials(ROLE, now, false));
        tree.put(MD + "iam/security-credentials-extended/" + ROLE,
                now -> credentials(ROLE, now, true));
        tree.put(MD + "identity-credentials/ec2/info", now -> Json.pretty(identityInfo(now)));
        tree.put(MD + "identity-credentials/ec2/security-credentials/ec2-instance",
                now -> credentials("ec2-instance", now, false));

        String identity = "/latest/dynamic/instance-identity/";
        tree.put(identity + "document", now -> Json.pretty(identityDocument()));
        tree.put(identity + "signature", now -> placeholderSignature("signature", 128));
        tree.put(identity + "pkcs7", now -> placeholderSignature("pkcs7", 768));
        tree.put(identity + "rsa2048", now -> placeholderSignature("rsa2048", 1280));
        tree.put(identity + "dsa2048", now -> placeholderSignature("dsa2048", 1024));
        text("/latest/dynamic/fws/instance-monitoring", "disabled");

        text("/latest/user-data", "#!/bin/bash\necho 'hello from imds4j'\n");
    }

    /**
     * Adds (or, when {@code on} is false, removes) what {@code feature} puts in the tree. Values
     * per interface go under the MAC that {@code meta-data/mac} names now.
     */
    static void feature(MetadataTree tree, InstanceFeature feature, boolean on) {
        MetadataTree.Value mac = tree.leaf(MD + "mac");
        String nic = MD + "network/interfaces/macs/"
                + (mac == null ? MAC : new String(mac.bytes(Instant.EPOCH), UTF_8).trim()) + "/";
        Map<String, String> values = new LinkedHashMap<>();
        switch (feature) {
            case IPV6 -> {
                values.put(MD + "ipv6", "2001:db8:1234:1a00:9691:9e8c:4a8d:21f3");
                values.put(nic + "ipv6s", "2001:db8:1234:1a00:9691:9e8c:4a8d:21f3");
                values.put(nic + "subnet-ipv6-cidr-blocks", "2001:db8:1234:1a00::/64");
                values.put(nic + "vpc-ipv6-cidr-blocks", "2001:db8:1234:1a00::/56");
            }
            case PLACEMENT_GROUP -> {
                values.put(MD + "placement/group-name", "imds4j-demo-partitions");
                values.put(MD + "placement/partition-number", "2");
            }
            case DEDICATED_HOST -> values.put(MD + "placement/host-id", "h-0c5d3a1b2e4f60789");
            case PRODUCT_CODES -> values.put(MD + "product-codes", "1ixkmw0n9xdnd2wbh5kqw9a1m");
            case KERNEL_AND_RAMDISK -> {
                values.put(MD + "kernel-id", "aki-0f3c9b1a");
                values.put(MD + "ramdisk-id", "ari-07d2e4c6");
            }
            case INSTANCE_STORE -> {
                values.put(MD + "block-device-mapping/ephemeral0", "sdc");
                values.put(MD + "block-device-mapping/swap", "sdd");
            }
            case ELASTIC_GPU -> values.put(MD + "elastic-gpus/associations/"
                    + "egpu-0f6d10dd0a5b54a3e", new String(Json.pretty(elasticGpu()), UTF_8));
            case ELASTIC_INFERENCE -> values.put(MD + "elastic-inference/associations/"
                    + "eia-0b7f1c8e2d3a4c5b6", new String(Json.pretty(elasticInference()), UTF_8));
            case ANCESTOR_AMI_IDS -> values.put(MD + "ancestor-ami-ids", "ami-0a1b2c3d4e5f60718");
            case PREFIX_DELEGATION -> {
                values.put(nic + "ipv4-prefix", "10.0.1.48/28");
                values.put(nic + "ipv6-prefix", "2001:db8:1234:1a00:8000::/80");
            }
            case DETAILED_MONITORING -> {
                tree.put("/latest/dynamic/fws/instance-monitoring", MetadataTree.Value.of(
                        (on ? "enabled" : "disabled").getBytes(UTF_8)));
                return;
            }
            default -> throw new IllegalStateException("unhandled feature " + feature);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (on) {
                tree.put(e.getKey(), MetadataTree.Value.of(e.getValue().getBytes(UTF_8)));
            } else {
                tree.remove(e.getKey());
            }
        }
    }

    private static Map<String, Object> elasticGpu() {
        Map<String, Object> gpu = new LinkedHashMap<>();
        gpu.put("version", "2016-11-30");
        gpu.put("elastic-gpu-id", "egpu-0f6d10dd0a5b54a3e");
        gpu.put("elastic-gpu-state", "ATTACHED");
        gpu.put("elastic-gpu-type", "eg1.medium");
        gpu.put("elastic-gpu-health", Map.of("status", "OK"));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("ipv4-address", "10.0.1.77");
        connection.put("port", 2007);
        gpu.put("connection-config", connection);
        return gpu;
    }

    private static Map<String, Object> elasticInference() {
        Map<String, Object> accelerator = new LinkedHashMap<>();
        accelerator.put("elastic-inference-accelerator-id", "eia-0b7f1c8e2d3a4c5b6");
        accelerator.put("elastic-inference-accelerator-type", "eia2.medium");
        return Map.of("version_2018_04_12", accelerator);
    }

    private void text(String path, String value) {
        tree.put(path, MetadataTree.Value.of(value.getBytes(UTF_8)));
    }

    private String leaf(String path, String fallback) {
        MetadataTree.Value v = tree.leaf(path);
        return v == null ? fallback : new String(v.bytes(launchTime), UTF_8).trim();
    }

    private Map<String, Object> identityDocument() {
        String mac = leaf(MD + "mac", MAC);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("accountId", leaf(MD + "network/interfaces/macs/" + mac + "/owner-id", ACCOUNT_ID));
        doc.put("architecture", "x86_64");
        doc.put("availabilityZone", leaf(MD + "placement/availability-zone", null));
        doc.put("billingProducts", null);
        doc.put("devpayProductCodes", null);
        String productCode = leaf(MD + "product-codes", null);
        doc.put("marketplaceProductCodes", productCode == null ? null : List.of(productCode));
        doc.put("imageId", leaf(MD + "ami-id", null));
        doc.put("instanceId", leaf(MD + "instance-id", null));
        doc.put("instanceType", leaf(MD + "instance-type", null));
        doc.put("kernelId", leaf(MD + "kernel-id", null));
        doc.put("pendingTime", iso(launchTime));
        doc.put("privateIp", leaf(MD + "local-ipv4", null));
        doc.put("ramdiskId", leaf(MD + "ramdisk-id", null));
        doc.put("region", leaf(MD + "placement/region", null));
        doc.put("version", "2017-09-30");
        return doc;
    }

    /**
     * Base64 text of the size the real documents have, derived from the identity document. No
     * verifier accepts it: only AWS holds the signing keys.
     */
    private byte[] placeholderSignature(String kind, int length) {
        byte[] raw = derive(kind + new String(Json.pretty(identityDocument()), UTF_8), length);
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(raw);
        return b64.getBytes(UTF_8);
    }

    private Instant rotationStart(Instant now) {
        long epoch = Math.max(0, Duration.between(launchTime, now).toSeconds())
                / ROTATION.toSeconds();
        return launchTime.plus(ROTATION.multipliedBy(epoch));
    }

    private Map<String, Object> iamInfo(Instant now) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Code", "Success");
        info.put("LastUpdated", iso(rotationStart(now)));
        info.put("InstanceProfileArn",
                "arn:aws:iam::" + ACCOUNT_ID + ":instance-profile/" + INSTANCE_PROFILE);
        info.put("InstanceProfileId", "AIPA" + base32(derive("profile-id", 17)));
        return info;
    }

    private Map<String, Object> identityInfo(Instant now) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Code", "Success");
        info.put("LastUpdated", iso(rotationStart(now)));
        info.put("AccountId", ACCOUNT_ID);
        return info;
    }

    /** Credentials for the rotation period holding {@code now}; they change when it ends. */
    private byte[] credentials(String role, Instant now, boolean extended) {
        Instant issued = rotationStart(now);
        String period = role + "@" + issued.getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Code", "Success");
        c.put("LastUpdated", iso(issued));
        c.put("Type", "AWS-HMAC");
        c.put("AccessKeyId", "ASIA" + base32(derive("akid" + period, 16)));
        c.put("SecretAccessKey",
                Base64.getEncoder().encodeToString(derive("secret" + period, 30)));
        c.put("Token", Base64.getEncoder().encodeToString(derive("token" + period, 300)));
        c.put("Expiration", iso(issued.plus(VALIDITY)));
        if (extended) {
            c.put("AccountId", ACCOUNT_ID);
        }
        return Json.pretty(c);
    }

    /** Deterministic bytes from this instance's seed and a label (SHA-256 in counter mode). */
    private byte[] derive(String label, int length) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        ByteBuffer out = ByteBuffer.allocate(length + 32);
        for (int counter = 0; out.position() < length; counter++) {
            sha.update(seed);
            sha.update(label.getBytes(UTF_8));
            sha.update(ByteBuffer.allocate(4).putInt(counter).array());
            out.put(sha.digest());
        }
        byte[] result = new byte[length];
        out.flip();
        out.get(result);
        return result;
    }

    private static String base32(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            s.append(BASE32[(b & 0xff) % 32]);
        }
        return s.toString();
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
