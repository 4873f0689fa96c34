package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;

/**
 * Conformance with a client no one here wrote: the AWS SDK for Java v2 {@code Ec2MetadataClient}
 * (with the Apache HTTP client) reads from the emulator and fails the way the real service makes
 * it fail.
 */
final class SdkConformanceTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));
    private ImdsEmulator emulator;
    private Ec2MetadataClient sdk;

    @BeforeEach
    void start() throws IOException {
        emulator = ImdsEmulator.builder().clock(clock).start();
        sdk = Ec2MetadataClient.builder()
                .endpoint(emulator.endpoint())
                .httpClient(ApacheHttpClient.builder())
                .retryPolicy(p -> p.numRetries(1))
                .build();
    }

    @AfterEach
    void stop() {
        sdk.close();
        emulator.close();
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

    @Test
    void sdk_refetchesTokenAfterEmulatorExpiry() {
        Ec2MetadataClient shortLived = Ec2MetadataClient.builder()
                .endpoint(emulator.endpoint()).httpClient(ApacheHttpClient.builder())
                .tokenTtl(Duration.ofSeconds(5)).build();
        try (shortLived) {
            shortLived.get("/latest/meta-data/ami-id");
            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        }
        assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(200);
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
