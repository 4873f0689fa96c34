/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.ImdsClient;
import dev.imds4j.awssdk.ImdsAwsCredentialsProvider;
import dev.imds4j.awssdk.ImdsAwsRegionProvider;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

final class ImdsAwsSdkAutoConfigurationTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    @TempDir
    Path dir;

    private static final String[] ON = {
        "imds4j.aws-sdk.credentials-provider.enabled=true",
        "imds4j.aws-sdk.region-provider.enabled=true",
    };

    @Test
    void optedIn_providersServeTheInstanceRoleAndRegion(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues(ON).run(context -> {
            AwsCredentials c = context.getBean(AwsCredentialsProvider.class)
                    .resolveCredentials();
            assertThat(c).isInstanceOf(AwsSessionCredentials.class);
            assertThat(c.accessKeyId()).startsWith("ASIA");
            assertThat(context.getBean(AwsRegionProvider.class).getRegion())
                    .isEqualTo(Region.EU_WEST_1);
        });
    }

    @Test
    void byDefault_noSdkProviderBean_theSdkChainStays(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).run(context -> {
            assertThat(context).doesNotHaveBean(AwsCredentialsProvider.class)
                    .doesNotHaveBean(AwsRegionProvider.class);
            assertThat(imds.requests()).isEmpty();
        });
    }

    @Test
    void offEc2_providersFailAtOnceWithoutTraffic() {
        TestContexts.offEc2(dir).withPropertyValues(ON).run(context -> {
            assertThat(context.getBean(ImdsClient.class).knownOffEc2()).isTrue();
            assertThatThrownBy(() -> context.getBean(AwsCredentialsProvider.class)
                    .resolveCredentials()).isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("IMDS");
            assertThatThrownBy(() -> context.getBean(AwsRegionProvider.class).getRegion())
                    .isInstanceOf(SdkClientException.class);
        });
    }

    @Test
    void eachIsSeparate(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues(ON[1]).run(context ->
                assertThat(context).hasSingleBean(ImdsAwsRegionProvider.class)
                        .doesNotHaveBean(ImdsAwsCredentialsProvider.class));
    }

    @Test
    void adapterOrSdkAbsent_noBeans(ImdsEmulator imds) {
        for (Class<?> absent : new Class<?>[] {ImdsAwsCredentialsProvider.class,
                AwsCredentialsProvider.class, AwsRegionProvider.class}) {
            TestContexts.onEmulator(imds).withPropertyValues(ON)
                    .withClassLoader(new FilteredClassLoader(absent)).run(context ->
                            assertThat(context).as(absent.getName()).hasNotFailed()
                                    .doesNotHaveBean("imdsAwsCredentialsProvider")
                                    .doesNotHaveBean("imdsAwsRegionProvider"));
        }
    }

    @Test
    void applicationBean_isKept(ImdsEmulator imds) {
        try (ImdsClient client = TestContexts.client(imds)) {
            TestContexts.onEmulator(imds).withPropertyValues(ON)
                    .withBean("mine", ImdsAwsRegionProvider.class,
                            () -> ImdsAwsRegionProvider.create(client))
                    .run(context -> assertThat(context).getBeans(ImdsAwsRegionProvider.class)
                            .containsOnlyKeys("mine"));
        }
    }
}
