/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.internal.util.EC2MetadataUtils;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * Conformance with the AWS SDK for Java v2's own IMDS readers, which share no code with its
 * {@code Ec2MetadataClient}: {@code InstanceProfileCredentialsProvider}, {@code
 * InstanceProfileRegionProvider} and {@code EC2MetadataUtils}. The last two find IMDS only
 * through the {@code aws.ec2MetadataServiceEndpoint} system property, which each test points at
 * its emulator and then restores (surefire sets it to a closed loopback port).
 */
@Timeout(60)
final class SdkProvidersConformanceTest {
    private static final String ENDPOINT_PROPERTY = "aws.ec2MetadataServiceEndpoint";
    private static final String MD = "/latest/meta-data/";

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();
    private ImdsEmulator emulator;
    private String savedEndpoint;

    @BeforeEach
    void pointTheSdkAtTheEmulator() {
        emulator = imds.emulator();
        savedEndpoint = System.getProperty(ENDPOINT_PROPERTY);
        System.setProperty(ENDPOINT_PROPERTY, emulator.endpoint().toString());
        EC2MetadataUtils.clearCache();
    }

    @AfterEach
    void restoreTheEndpoint() {
        EC2MetadataUtils.clearCache();
        if (savedEndpoint == null) {
            System.clearProperty(ENDPOINT_PROPERTY);
        } else {
            System.setProperty(ENDPOINT_PROPERTY, savedEndpoint);
        }
    }

    private Map<String, Object> served(String path) throws IOException {
        return imds.json(path);
    }

    private InstanceProfileCredentialsProvider credentialsProvider() {
        return InstanceProfileCredentialsProvider.builder()
                .endpoint(emulator.endpoint().toString()).build();
    }

    @Test
    void credentialsProvider_readsTheRolesCredentials() throws IOException {
        try (InstanceProfileCredentialsProvider provider = credentialsProvider()) {
            AwsCredentials credentials = provider.resolveCredentials();

            Map<String, Object> served = served(MD + "iam/security-credentials/imds4j-demo-role");
            assertThat(credentials.accessKeyId()).isEqualTo(served.get("AccessKeyId"));
            assertThat(credentials.secretAccessKey()).isEqualTo(served.get("SecretAccessKey"));
            assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentials.class,
                    c -> assertThat(c.sessionToken()).isEqualTo(served.get("Token")));
            assertThat(credentials.expirationTime()).contains(
                    Instant.parse((String) served.get("Expiration")));
        }
        assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(200);
        assertThat(emulator.requests()).extracting(RecordedRequest::path)
                .contains(ImdsEmulator.TOKEN_PATH);
    }

    @Test
    void credentialsProvider_imdsOff_failsWithTheSdksException() {
        emulator.httpEndpoint(false);
        try (InstanceProfileCredentialsProvider provider = credentialsProvider()) {
            assertThatThrownBy(provider::resolveCredentials)
                    .isInstanceOf(SdkClientException.class);
        }
        // failed because the emulator refused it, not because it never got there
        assertThat(emulator.requests()).extracting(RecordedRequest::status).isNotEmpty()
                .containsOnly(403);
    }

    @Test
    void credentialsProvider_noRole_failsWithTheSdksException() {
        emulator.remove(MD + "iam");
        try (InstanceProfileCredentialsProvider provider = credentialsProvider()) {
            assertThatThrownBy(provider::resolveCredentials)
                    .isInstanceOf(SdkClientException.class);
        }
        assertThat(emulator.requests()).extracting(r -> r.path() + " -> " + r.status())
                .contains(MD + "iam/security-credentials/ -> 404");
    }

    @Test
    void regionProvider_readsTheRegion() {
        emulator.put(MD + "placement/region", "ap-southeast-2")
                .put(MD + "placement/availability-zone", "ap-southeast-2b");

        assertThat(new InstanceProfileRegionProvider().getRegion())
                .isEqualTo(Region.AP_SOUTHEAST_2);
    }

    @Test
    void metadataUtils_userData_asksWithATrailingSlash_andGetsIt() {
        emulator.put("/latest/user-data", "#cloud-config\nruncmd: [echo hi]\n");

        assertThat(EC2MetadataUtils.getUserData())
                .isEqualTo("#cloud-config\nruncmd: [echo hi]\n");
        assertThat(emulator.requests()).extracting(RecordedRequest::path)
                .contains("/latest/user-data/");
    }

    @Test
    void metadataUtils_instanceInfo_matchesTheIdentityDocument() throws IOException {
        emulator.put(MD + "instance-type", "c7g.large");

        EC2MetadataUtils.InstanceInfo info = EC2MetadataUtils.getInstanceInfo();
        Map<String, Object> doc = served("/latest/dynamic/instance-identity/document");
        assertThat(info.getInstanceId()).isEqualTo(doc.get("instanceId"))
                .isEqualTo("i-0b22a22eec53b9321");
        assertThat(info.getInstanceType()).isEqualTo("c7g.large");
        assertThat(info.getRegion()).isEqualTo("eu-west-1");
        assertThat(info.getAvailabilityZone()).isEqualTo("eu-west-1a");
        assertThat(info.getAccountId()).isEqualTo("123456789012");
        assertThat(info.getPrivateIp()).isEqualTo(doc.get("privateIp"));
        assertThat(info.getArchitecture()).isEqualTo("x86_64");
    }

    @Test
    void metadataUtils_singleValuesAndLists() {
        emulator.feature(InstanceFeature.PRODUCT_CODES, true)
                .feature(InstanceFeature.ANCESTOR_AMI_IDS, true);

        assertThat(EC2MetadataUtils.getInstanceId()).isEqualTo("i-0b22a22eec53b9321");
        assertThat(EC2MetadataUtils.getAvailabilityZone()).isEqualTo("eu-west-1a");
        assertThat(EC2MetadataUtils.getEC2InstanceRegion()).isEqualTo("eu-west-1");
        assertThat(EC2MetadataUtils.getMacAddress()).isEqualTo("0e:49:61:0f:c3:11");
        assertThat(EC2MetadataUtils.getSecurityGroups()).containsExactly("imds4j-demo-sg");
        assertThat(EC2MetadataUtils.getProductCodes())
                .containsExactly("1ixkmw0n9xdnd2wbh5kqw9a1m");
        assertThat(EC2MetadataUtils.getAncestorAmiIds()).containsExactly("ami-0a1b2c3d4e5f60718");
        assertThat(EC2MetadataUtils.getBlockDeviceMapping()).containsEntry("root", "/dev/xvda");
        assertThat(EC2MetadataUtils.getNetworkInterfaces()).singleElement()
                .satisfies(nic -> {
                    assertThat(nic.getMacAddress()).isEqualTo("0e:49:61:0f:c3:11");
                    assertThat(nic.getLocalIPv4s()).containsExactly("10.0.1.23");
                    assertThat(nic.getSubnetId()).isEqualTo("subnet-0c4d5e6f7a8b9c0d1");
                });
        assertThat(EC2MetadataUtils.getPublicKey()).startsWith("ssh-ed25519 ");
        assertThat(new String(EC2MetadataUtils.getUserData().getBytes(UTF_8), UTF_8))
                .startsWith("#!/bin/bash");
    }
}
