/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What AWS's own mock, amazon-ec2-metadata-mock (AEMM), does that real IMDS does too, checked
 * against the emulator. AEMM's quirks that real IMDS does not share are deliberately absent: it
 * answers POST with 200, accepts a token PUT carrying {@code X-Forwarded-For}, lists only {@code
 * latest} at {@code /}, and titles its 400 page "Bad Request" where AWS's guide says "Missing or
 * Invalid Parameters".
 */
@Timeout(60)
final class AemmParityTest {
    private static final String MD = "/latest/meta-data/";
    private static final String TTL = "X-aws-ec2-metadata-token-ttl-seconds";
    private static final Instant T0 = EmulatorFixture.T0;
        /** AEMM's 404 page, which is real IMDS's; the Go server adds a final newline. */
    private static final String NOT_FOUND_PAGE = """
            <?xml version="1.0" encoding="iso-8859-1"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
            \t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
             <head>
              <title>404 - Not Found</title>
             </head>
             <body>
              <h1>404 - Not Found</h1>
             </body>
            </html>
            """;

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();

    @Test
    void notFound_isImdsHtmlPage() throws IOException {
        RawHttp.Response r = imds.get(MD + "no-such-category");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo(NOT_FOUND_PAGE);
    }

    @Test
    void token_ttlEchoed_rangeEnforced_expiryGives401() throws IOException {
        URI endpoint = imds.endpoint();
        RawHttp.Response put = RawHttp.once(endpoint, "PUT", ImdsEmulator.TOKEN_PATH, TTL, "2");
        assertThat(put.header(TTL)).isEqualTo("2");
        for (String bad : new String[] {"0", "21601", "x"}) {
            assertThat(RawHttp.once(endpoint, "PUT", ImdsEmulator.TOKEN_PATH, TTL, bad).status())
                    .as(bad).isEqualTo(400);
        }
        assertThat(RawHttp.once(endpoint, "PUT", ImdsEmulator.TOKEN_PATH).status())
                .isEqualTo(400);

        assertThat(RawHttp.get(endpoint, MD + "ami-id", put.text()).status()).isEqualTo(200);
        imds.clock().advance(Duration.ofSeconds(2));
        assertThat(RawHttp.get(endpoint, MD + "ami-id", put.text()).status()).isEqualTo(401);
        assertThat(RawHttp.get(endpoint, MD + "ami-id", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void imdsV1_answeredOnlyWhenTokensAreOptional() throws IOException {
        assertThat(RawHttp.once(imds.endpoint(), "GET", MD + "ami-id").status()).isEqualTo(401);
        imds.emulator().httpTokens(HttpTokens.OPTIONAL);
        assertThat(RawHttp.once(imds.endpoint(), "GET", MD + "ami-id").status()).isEqualTo(200);
    }

    @Test
    void trailingSlash_onLeafAndFolder_bothServed() throws IOException {
        assertThat(imds.get(MD + "placement/availability-zone/").text()).isEqualTo("eu-west-1a");
        assertThat(imds.get(MD + "placement").text()).isEqualTo(imds.get(MD + "placement/").text());
    }

    @Test
    void listings_topLevelBare_foldersSlashedBelow_rolesAndTagsBare() throws IOException {
        assertThat(imds.get("/latest").text().split("\n")).contains("dynamic", "meta-data");
        assertThat(imds.get(MD).text().split("\n")).contains("ami-id", "iam/", "placement/",
                "network/", "block-device-mapping/");
        assertThat(imds.get(MD + "iam/security-credentials/").text()).isEqualTo("imds4j-demo-role");
        assertThat(imds.get(MD + "tags/instance").text().split("\n"))
                .containsExactlyInAnyOrder("Environment", "Name");
        assertThat(imds.get("/latest/dynamic/").text().split("\n")).contains("instance-identity/",
                "fws/");
    }

    @Test
    void contentTypes_textForMetadata_octetsForUserData() throws IOException {
        assertThat(imds.get(MD + "ami-id").header("Content-Type")).isEqualTo("text/plain");
        assertThat(imds.get("/latest/user-data").header("Content-Type"))
                .isEqualTo("application/octet-stream");
    }

    @Test
    void head_declaresTheLengthAGetWouldHave() throws IOException {
        RawHttp.Response head = RawHttp.once(imds.endpoint(), "HEAD", MD + "instance-id",
                "X-aws-ec2-metadata-token", imds.token());

        assertThat(head.header("Content-Length")).isEqualTo("19");
        assertThat(imds.get(MD + "instance-id").body()).hasSize(19);
    }

    @Test
    void noticeFormats_spotRebalanceMaintenance() throws IOException {
        imds.emulator()
                .scheduleSpotInterruption(SpotAction.TERMINATE, T0, T0.plusSeconds(120))
                .scheduleRebalanceRecommendation(T0)
                .scheduleMaintenanceEvent(new MaintenanceEvent("system-reboot",
                        "scheduled reboot", "instance-event-0d59937288b749b32",
                        Instant.parse("2019-01-21T09:00:43Z"),
                        Instant.parse("2019-01-21T09:17:23Z"), "active"), T0);

        assertThat(JSON.std.mapFrom(imds.get(MD + "spot/instance-action").text()))
                .isEqualTo(Map.of("action", "terminate", "time", "2026-03-01T10:02:00Z"));
        assertThat(imds.get(MD + "spot/termination-time").text()).isEqualTo("2026-03-01T10:02:00Z");
        assertThat(JSON.std.mapFrom(imds.get(MD + "events/recommendations/rebalance").text()))
                .isEqualTo(Map.of("noticeTime", "2026-03-01T10:00:00Z"));
        List<Object> events =
                JSON.std.listFrom(imds.text(MD + "events/maintenance/scheduled"));
        assertThat(events).singleElement().isEqualTo(Map.of("NotBefore",
                "21 Jan 2019 09:00:43 GMT", "Code", "system-reboot", "Description",
                "scheduled reboot", "EventId", "instance-event-0d59937288b749b32", "NotAfter",
                "21 Jan 2019 09:17:23 GMT", "State", "active"));
    }

    @Test
    void identityAndCredentials_haveTheFieldsAemmServes() throws IOException {
        Map<String, Object> doc = JSON.std.mapFrom(
                imds.get("/latest/dynamic/instance-identity/document").text());
        assertThat(doc).containsKeys("accountId", "imageId", "availabilityZone", "ramdiskId",
                "kernelId", "devpayProductCodes", "marketplaceProductCodes", "version",
                "privateIp", "billingProducts", "instanceId", "pendingTime", "architecture",
                "instanceType", "region");
        Map<String, Object> creds = JSON.std.mapFrom(
                imds.get(MD + "iam/security-credentials/imds4j-demo-role").text());
        assertThat(creds).containsKeys("Code", "LastUpdated", "Type", "AccessKeyId",
                "SecretAccessKey", "Token", "Expiration");
        assertThat(JSON.std.mapFrom(imds.get(MD + "iam/info").text()))
                .containsKeys("Code", "LastUpdated", "InstanceProfileArn", "InstanceProfileId");
        assertThat(imds.text("/latest/dynamic/fws/instance-monitoring")).isEqualTo("disabled");
    }
}
