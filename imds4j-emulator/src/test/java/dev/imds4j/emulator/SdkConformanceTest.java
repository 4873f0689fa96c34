/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * Conformance with a client no one here wrote: the AWS SDK for Java v2 {@code Ec2MetadataClient}
 * (with the Apache HTTP client) reads from the emulator and fails the way the real service makes
 * it fail.
 */
final class SdkConformanceTest {
    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();
    private ImdsEmulator emulator;
    private Ec2MetadataClient sdk;

    @BeforeEach
    void start() {
        emulator = imds.emulator();
        sdk = Ec2MetadataClient.builder()
                .endpoint(emulator.endpoint())
                .httpClient(ApacheHttpClient.builder())
                .retryPolicy(p -> p.numRetries(1))
                .build();
    }

    @AfterEach
    void stop() {
        sdk.close();
    }

    @Test
    void sdk_readsValuesWithOneToken() throws InterruptedException {
        assertThat(sdk.get("/latest/meta-data/ami-id").asString())
                .isEqualTo("ami-0c1c30571d2dae5c9");
        emulator.put("/latest/meta-data/instance-type", "c7g.large");
        assertThat(sdk.get("/latest/meta-data/instance-type").asString()).isEqualTo("c7g.large");
        assertThat(sdk.get("/latest/meta-data/placement/").asList())
                .containsExactly("availability-zone", "availability-zone-id", "region");
        assertThat(sdk.get("/latest/dynamic/instance-identity/document").asDocument()
                .asMap().get("region").asString()).isEqualTo("eu-west-1");

        RecordedRequest put = emulator.takeRequest();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.header("X-aws-ec2-metadata-token-ttl-seconds")).contains("21600");
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        assertThat(emulator.requestCount()).isEqualTo(5);
    }

    /**
     * The SDK keeps its token by its own clock and does not fetch another on a 401, so a token
     * the emulator expired on the test's clock fails its next call, as real IMDS would make it;
     * once the SDK's clock passes the TTL it asked for, it fetches a new one.
     */
    @Test
    void sdk_shortTtl_expiredByTheEmulatorsClock_401_untilTheSdkFetchesAnother()
            throws InterruptedException {
        String ami = "/latest/meta-data/ami-id";
        try (Ec2MetadataClient shortLived = Ec2MetadataClient.builder()
                .endpoint(emulator.endpoint()).httpClient(ApacheHttpClient.builder())
                .tokenTtl(Duration.ofSeconds(1)).build()) {
            assertThat(shortLived.get(ami).asString()).isEqualTo("ami-0c1c30571d2dae5c9");
            assertThat(emulator.takeRequest().header("X-aws-ec2-metadata-token-ttl-seconds"))
                    .contains("1");
            imds.clock().advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> shortLived.get(ami)).isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("401");

            Thread.sleep(1500); // the SDK's own clock, which no test can move, past its TTL
            assertThat(shortLived.get(ami).asString()).isEqualTo("ami-0c1c30571d2dae5c9");
        }
        assertThat(emulator.requests()).extracting(r -> r.method() + " " + r.status())
                .containsExactly("PUT 200", "GET 200", "GET 401", "PUT 200", "GET 200");
    }

    @Test
    void sdk_imdsOff_fails() {
        emulator.httpEndpoint(false);

        assertThatThrownBy(() -> sdk.get("/latest/meta-data/ami-id"))
                .isInstanceOf(SdkClientException.class);
        assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(403);
    }

    @Test
    void sdk_unknownPath_failsWith404() {
        assertThatThrownBy(() -> sdk.get("/latest/meta-data/no-such-thing"))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("404");
    }

    @Test
    void sdk_serverErrorOnce_retriesThenSucceeds() {
        emulator.addFault(Fault.status(500).onMethod("GET"));

        assertThat(sdk.get("/latest/meta-data/instance-id").asString())
                .isEqualTo("i-0b22a22eec53b9321");
        assertThat(emulator.requests()).extracting(RecordedRequest::status)
                .containsExactly(200, 500, 200);
    }
}
