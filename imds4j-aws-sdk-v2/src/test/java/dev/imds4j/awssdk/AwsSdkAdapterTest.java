/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.awssdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsException;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

@ImdsEmulatorTest
final class AwsSdkAdapterTest {
    private final ImdsEmulator emulator;
    private ImdsClient imds;

    AwsSdkAdapterTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void client() {
        // patient timeouts: what these tests check is not timing, and CI machines get busy
        imds = ImdsClient.builder().endpoint(emulator.endpoint())
                .readTimeout(Duration.ofSeconds(10))
                .operationTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void close() {
        imds.close();
    }

    @Test
    void credentials_areTheEmulatorsSessionCredentials() throws ImdsException {
        AwsCredentials c = ImdsAwsCredentialsProvider.create(imds).resolveCredentials();

        assertThat(c).isInstanceOf(AwsSessionCredentials.class);
        AwsSessionCredentials s = (AwsSessionCredentials) c;
        dev.imds4j.InstanceCredentials expected =
                dev.imds4j.ImdsCredentialsProvider.create(imds).credentials();
        assertThat(s.accessKeyId()).isEqualTo(expected.accessKeyId());
        assertThat(s.secretAccessKey()).isEqualTo(expected.secretAccessKey().reveal());
        assertThat(s.sessionToken()).isEqualTo(expected.sessionToken().reveal());
        assertThat(s.expirationTime()).contains(expected.expiration());
        assertThat(s.accountId()).contains("123456789012");
        assertThat(s.providerName()).contains("ImdsAwsCredentialsProvider");
    }

    @Test
    void realSdkClient_signsWithTheEmulatorsAccessKeyId() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> sessionTokens = new CopyOnWriteArrayList<>();
        HttpServer sts = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            sessionTokens.add(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<GetCallerIdentityResponse><GetCallerIdentityResult>"
                    + "<Arn>arn:aws:sts::123456789012:assumed-role/imds4j-demo-role/i-1</Arn>"
                    + "<UserId>AROAEXAMPLE:i-1</UserId><Account>123456789012</Account>"
                    + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
                    + "</ResponseMetadata></GetCallerIdentityResponse>").getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sts.start();
        try (StsClient client = StsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + sts.getAddress().getPort()))
                .region(ImdsAwsRegionProvider.create(imds).getRegion())
                .credentialsProvider(ImdsAwsCredentialsProvider.create(imds))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            client.getCallerIdentity(); // what it answers is this test's own stub
        } finally {
            sts.stop(0);
        }
        AwsSessionCredentials expected = (AwsSessionCredentials)
                ImdsAwsCredentialsProvider.create(imds).resolveCredentials();
        assertThat(authorizations).singleElement().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=" + expected.accessKeyId() + "/")
                .contains("/eu-west-1/sts/aws4_request");
        assertThat(sessionTokens).containsExactly(expected.sessionToken());
    }

    @Test
    void region_fromPlacementRegion() {
        assertThat(ImdsAwsRegionProvider.create(imds).getRegion()).isEqualTo(Region.EU_WEST_1);
    }

    @Test
    void imdsFailure_sdkClientExceptionWithTheImdsMessage() {
        emulator.httpEndpoint(false);

        assertThatThrownBy(() -> ImdsAwsCredentialsProvider.create(imds).resolveCredentials())
                .isInstanceOf(SdkClientException.class)
                .hasMessageStartingWith("Unable to load credentials from IMDS: PUT "
                        + "/latest/api/token at " + emulator.endpoint() + ": 403 Forbidden")
                .hasCauseInstanceOf(dev.imds4j.ImdsStatusException.class);
        assertThatThrownBy(() -> ImdsAwsRegionProvider.create(imds).getRegion())
                .isInstanceOf(SdkClientException.class)
                .hasMessageStartingWith("Unable to load the region from IMDS: ");
    }

    @Test
    void of_wrapsAConfiguredProvider() throws ImdsException {
        dev.imds4j.ImdsCredentialsProvider configured = dev.imds4j.ImdsCredentialsProvider
                .builder(imds).prefetch(java.time.Duration.ofMinutes(15)).build();
        ImdsAwsCredentialsProvider p = ImdsAwsCredentialsProvider.of(configured);

        assertThat(p.resolveCredentials().accessKeyId()).startsWith("ASIA");
        long sent = emulator.requestCount();
        // the adapter read through the provider it was given: its cache answers without IMDS
        assertThat(configured.credentials().accessKeyId())
                .isEqualTo(p.resolveCredentials().accessKeyId());
        assertThat(emulator.requestCount()).as("requests after the adapter's").isEqualTo(sent);
        assertThat(p.toString()).contains("ImdsCredentialsProvider[" + emulator.endpoint());
    }
}
