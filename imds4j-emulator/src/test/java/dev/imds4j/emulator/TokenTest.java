/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
final class TokenTest {
    private static final String TTL = "X-aws-ec2-metadata-token-ttl-seconds";
    private static final String TOKEN = "X-aws-ec2-metadata-token";
    private static final String AMI = "/latest/meta-data/ami-id";

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();

    /** A token request on a new connection (header name, value, ...). */
    private RawHttp.Response put(String... headerPairs) throws IOException {
        return RawHttp.once(imds.endpoint(), "PUT", ImdsEmulator.TOKEN_PATH, headerPairs);
    }

    @Test
    void put_validTtl_returnsTokenAndEchoesTtl() throws IOException {
        RawHttp.Response r = put(TTL, "300");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header(TTL)).isEqualTo("300");
        assertThat(r.text()).matches("[A-Za-z0-9+/=]{40,}");
        assertThat(RawHttp.get(imds.endpoint(), AMI, r.text()).status()).isEqualTo(200);
    }

    @Test
    void put_twice_returnsDistinctTokens() throws IOException {
        assertThat(RawHttp.token(imds.endpoint(), 60))
                .isNotEqualTo(RawHttp.token(imds.endpoint(), 60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "000", "21601", "021601", "-1", "+60", "abc", "1.5", "6e1",
        "0x3c", " ", "9999999999", "99999999999999999999", "6 0", "60s"})
    void put_invalidTtl_400WithTheDocumentedTitle(String ttl) throws IOException {
        RawHttp.Response r = put(TTL, ttl);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("text/html");
        assertThat(r.text()).contains("<title>400 - Missing or Invalid Parameters</title>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6\u00000", "6\u001b0", "6\u00010", "6\u007f0", "60\u007f",
        "\u00a060", "60\u00a0", "6\t0"})
    void put_controlOrSpaceInsideTtl_400(String ttl) throws IOException {
        assertThat(put(TTL, ttl).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"60\u0000", "\u000160\u001f", " 60\u001b", "60\u001c", "\u00ff60"})
    void parseTtl_controlCharactersAtEitherEnd_notTrimmed(String ttl) {
        // jdk.httpserver strips bytes up to 0x20 at the ends before the service sees them (see
        // the two tests below); the service itself trims nothing
        assertThat(Service.parseTtl(ttl)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001b", "\u0000", "\u0007", "\u007f", "\u00ff", " "})
    void get_tokenWithAControlCharacterInside_401(String c) throws IOException {
        String token = RawHttp.token(imds.endpoint(), 60);
        String middle = token.substring(0, 10) + c + token.substring(10);
        assertThat(RawHttp.get(imds.endpoint(), AMI, middle).status()).isEqualTo(401);
        assertThat(RawHttp.get(imds.endpoint(), AMI, token + "\u007f").status()).isEqualTo(401);
        assertThat(RawHttp.get(imds.endpoint(), AMI, token).status()).isEqualTo(200);
    }

    /**
     * Pins the one thing the emulator cannot emulate: jdk.httpserver's request parser removes
     * every byte up to 0x20 (controls and space) at both ends of a header value before any
     * handler sees it, so these reach the emulator as the plain token or TTL. Real IMDS would
     * answer 401 (unknown token) or 400 (bad TTL). If this test fails, the JDK stopped trimming:
     * the emulator then answers as IMDS does, and package-info's note can go.
     */
    @Test
    void knownDeviation_jdkTrimsControlBytesAtTheEndsOfHeaderValues() throws IOException {
        String token = RawHttp.token(imds.endpoint(), 60);
        assertThat(RawHttp.get(imds.endpoint(), AMI, token + "\u001b").status()).isEqualTo(200);
        assertThat(RawHttp.get(imds.endpoint(), AMI, "\u0000" + token).status()).isEqualTo(200);
        assertThat(put(TTL, "60\u0000").status()).isEqualTo(200);
        assertThat(put(TTL, "\u000160\u001f").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"060, 60", "00060, 60", "0000000000000000001, 1", "021600, 21600"})
    void put_leadingZeros_readAsDecimal_echoedCanonically(String ttl, String echoed)
            throws IOException {
        RawHttp.Response r = put(TTL, ttl);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header(TTL)).isEqualTo(echoed);
    }

    @Test
    void put_missingTtl_400() throws IOException {
        assertThat(put().status()).isEqualTo(400);
    }

    @Test
    void put_boundaryTtls_accepted() throws IOException {
        for (String ttl : new String[] {"1", "21600"}) {
            RawHttp.Response r = put(TTL, ttl);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header(TTL)).isEqualTo(ttl);
        }
    }

    @Test
    void put_withXForwardedFor_403() throws IOException {
        RawHttp.Response r = RawHttp.once(imds.endpoint(), "PUT", ImdsEmulator.TOKEN_PATH,
                TTL, "60", "X-Forwarded-For", "203.0.113.9");

        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void put_versionedTokenPath_403() throws IOException {
        assertThat(RawHttp.once(imds.endpoint(), "PUT", "/2021-03-23/api/token", TTL, "60")
                .status()).isEqualTo(403);
    }

    @Test
    void get_onTokenPath_405() throws IOException {
        assertThat(RawHttp.once(imds.endpoint(), "GET", ImdsEmulator.TOKEN_PATH, TTL, "60")
                .status()).isEqualTo(405);
    }

    @Test
    void get_withoutToken_401WhenRequired() throws IOException {
        RawHttp.Response r = RawHttp.once(imds.endpoint(), "GET", AMI);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).isEqualTo("text/html");
        assertThat(r.text()).contains("401 - Unauthorized");
    }

    @Test
    void get_withoutToken_servedWhenOptional() throws IOException {
        imds.emulator().httpTokens(HttpTokens.OPTIONAL);

        assertThat(RawHttp.once(imds.endpoint(), "GET", AMI).status()).isEqualTo(200);
    }

    @Test
    void get_unknownToken_401EvenWhenOptional() throws IOException {
        imds.emulator().httpTokens(HttpTokens.OPTIONAL);

        assertThat(RawHttp.get(imds.endpoint(), AMI, "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void get_tokenExpires_byEmulatorClock() throws IOException {
        String token = RawHttp.token(imds.endpoint(), 60);

        imds.clock().advance(Duration.ofSeconds(59));
        assertThat(RawHttp.get(imds.endpoint(), AMI, token).status()).isEqualTo(200);
        imds.clock().advance(Duration.ofSeconds(1));
        assertThat(RawHttp.get(imds.endpoint(), AMI, token).status()).isEqualTo(401);
    }

    @Test
    void maxTokenTtl_capsStatedTtlAndExpiry() throws IOException {
        imds.emulator().maxTokenTtl(Duration.ofSeconds(30));

        RawHttp.Response r = put(TTL, "21600");
        assertThat(r.header(TTL)).isEqualTo("30");
        imds.clock().advance(Duration.ofSeconds(30));
        assertThat(RawHttp.get(imds.endpoint(), AMI, r.text()).status()).isEqualTo(401);
    }

    @Test
    void httpEndpointOff_403OnEverything() throws IOException {
        String token = RawHttp.token(imds.endpoint(), 60);
        imds.emulator().httpEndpoint(false);

        assertThat(put(TTL, "60").status())
                .isEqualTo(403);
        assertThat(RawHttp.get(imds.endpoint(), AMI, token).status()).isEqualTo(403);
        assertThat(RawHttp.once(imds.endpoint(), "GET", "/").status()).isEqualTo(403);
    }

    @Test
    void tokens_forgottenOnReset() throws IOException {
        String token = RawHttp.token(imds.endpoint(), 60);
        imds.emulator().reset();

        assertThat(RawHttp.get(imds.endpoint(), AMI, token).status()).isEqualTo(401);
    }
}
