/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
final class MetadataTest {
    private static final String MD = "/latest/meta-data/";
    private static final String ROLE = "iam/security-credentials/imds4j-demo-role";

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();

    @Test
    void identityDocument_agreesWithTree() throws IOException {
        Map<String, Object> doc = imds.json("/latest/dynamic/instance-identity/document");

        assertThat(doc).containsEntry("instanceId", imds.text(MD + "instance-id"))
                .containsEntry("instanceType", imds.text(MD + "instance-type"))
                .containsEntry("imageId", imds.text(MD + "ami-id"))
                .containsEntry("region", imds.text(MD + "placement/region"))
                .containsEntry("availabilityZone", imds.text(MD + "placement/availability-zone"))
                .containsEntry("privateIp", imds.text(MD + "local-ipv4"))
                .containsEntry("accountId", "123456789012")
                .containsKeys("pendingTime", "version", "architecture", "billingProducts");
        String mac = imds.text(MD + "mac");
        assertThat(imds.text(MD + "network/interfaces/macs/" + mac + "/owner-id"))
                .isEqualTo(doc.get("accountId"));
        assertThat((String) doc.get("availabilityZone")).startsWith((String) doc.get("region"));
    }

    @Test
    void identityDocument_followsOverrides() throws IOException {
        imds.emulator().put(MD + "instance-type", "c7g.large")
                .put(MD + "placement/region", "ap-south-2");

        Map<String, Object> doc = imds.json("/latest/dynamic/instance-identity/document");
        assertThat(doc).containsEntry("instanceType", "c7g.large")
                .containsEntry("region", "ap-south-2");
    }

    @Test
    void signatures_areBase64OfRealisticSize() throws IOException {
        for (String kind : new String[] {"signature", "pkcs7", "rsa2048"}) {
            String body = imds.text("/latest/dynamic/instance-identity/" + kind);
            assertThat(body.replace("\n", "")).matches("[A-Za-z0-9+/=]{100,}");
        }
    }

    @Test
    void folder_listsChildrenWithSubfoldersSlashed() throws IOException {
        String listing = imds.text(MD);

        assertThat(listing.split("\n")).contains("ami-id", "instance-id", "placement/", "iam/",
                "network/", "tags/", "block-device-mapping/", "public-keys/", "events/");
        assertThat(listing).doesNotEndWith("\n");
        assertThat(imds.text("/latest/meta-data")).isEqualTo(listing);
        assertThat(imds.text(MD + "placement/").split("\n"))
                .containsExactly("availability-zone", "availability-zone-id", "region");
        assertThat(imds.text("/latest/dynamic/").split("\n")).containsExactly("fws/",
                "instance-identity/");
    }

    @Test
    void folder_everyCategoryOfTheDocumentedTreeExists() throws IOException {
        String[] leaves = {"ami-id", "instance-id", "instance-type", "hostname", "local-ipv4",
            "mac",
            "placement/availability-zone", "placement/availability-zone-id", "placement/region",
            "iam/info", ROLE, "iam/security-credentials-extended/imds4j-demo-role",
            "tags/instance/Name", "autoscaling/target-lifecycle-state",
            "events/maintenance/scheduled", "block-device-mapping/root",
            "public-keys/0/openssh-key"};
        for (String leaf : leaves) {
            assertThat(imds.get(MD + leaf).status()).as(leaf).isEqualTo(200);
        }
        String mac = imds.text(MD + "mac");
        assertThat(imds.text(MD + "network/interfaces/macs/")).isEqualTo(mac + "/");
        assertThat(imds.text(MD + "network/interfaces/macs/" + mac + "/local-ipv4s"))
                .isEqualTo(imds.text(MD + "local-ipv4"));
        assertThat(imds.text(MD + "iam/security-credentials/")).isEqualTo("imds4j-demo-role");
    }

    @Test
    void publicKeys_listedAsIndexEqualsName() throws IOException {
        assertThat(imds.text(MD + "public-keys/")).isEqualTo("0=imds4j-demo-key");
        assertThat(imds.text(MD + "public-keys/0/")).isEqualTo("openssh-key");
    }

    @Test
    void topLevels_listedWithoutSlashes_asRealImds() throws IOException {
        assertThat(imds.text("/latest/")).isEqualTo("dynamic\nmeta-data\nuser-data");
        assertThat(imds.text("/latest")).isEqualTo(imds.text("/latest/"));
        assertThat(imds.text("/1.0/")).isEqualTo("meta-data\nuser-data");
        assertThat(imds.text("/")).doesNotContain("/").endsWith("\nlatest");
    }

    @Test
    void doubledSlashes_mergedAsTheJsSdkNeeds() throws IOException, InterruptedException {
        assertThat(imds.get("//latest/meta-data/ami-id").text())
                .isEqualTo(imds.text(MD + "ami-id"));
        assertThat(imds.get("/latest//meta-data///placement/").text())
                .isEqualTo(imds.text(MD + "placement/"));
        assertThat(RawHttp.once(imds.endpoint(), "PUT", "//latest/api/token",
                "X-aws-ec2-metadata-token-ttl-seconds", "60").status()).isEqualTo(200);
        imds.emulator().takeRequest();
        assertThat(imds.emulator().takeRequest().path()).isEqualTo("//latest/meta-data/ami-id");
    }

    @Test
    void leafWithTrailingSlash_servedLikeTheLeaf() throws IOException {
        for (String leaf : new String[] {MD + "ami-id", MD + "placement/availability-zone",
            "/latest/user-data", "/latest/dynamic/instance-identity/document"}) {
            RawHttp.Response slashed = imds.get(leaf + "/");
            assertThat(slashed.status()).as(leaf + "/").isEqualTo(200);
            assertThat(slashed.body()).as(leaf + "/").isEqualTo(imds.get(leaf).body());
        }
        assertThat(imds.get(MD + "no-such-thing/").status()).isEqualTo(404);
    }

    @Test
    void unknownPath_404WithHtmlBody() throws IOException {
        RawHttp.Response r = imds.get(MD + "no-such-thing");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("text/html");
        assertThat(r.text()).contains("<title>404 - Not Found</title>");
        assertThat(imds.get("/nonsense/meta-data/ami-id").status()).isEqualTo(404);
    }

    @Test
    void root_listsVersions_andDatedVersionServesItsTree() throws IOException {
        assertThat(imds.text("/").split("\n")).contains("1.0", "2021-03-23", "latest");
        assertThat(imds.text("/2021-03-23/meta-data/ami-id")).isEqualTo(imds.text(MD + "ami-id"));
        assertThat(imds.get("/1.0/meta-data/placement/region").status()).isEqualTo(404);
        assertThat(imds.get("/2020-10-27/meta-data/placement/region").status()).isEqualTo(200);
        assertThat(imds.text("/1.0/meta-data/").split("\n")).containsExactly("ami-id",
                "ami-launch-index", "ami-manifest-path", "hostname", "instance-id", "local-ipv4",
                "public-keys/", "reservation-id", "security-groups");
        assertThat(imds.get("/1.0/dynamic/instance-identity/document").status()).isEqualTo(404);
        assertThat(imds.get("/2009-04-04/dynamic/instance-identity/document").status())
                .isEqualTo(200);
        assertThat(imds.text("/2009-04-04/dynamic/instance-identity/").split("\n"))
                .containsExactly("document", "pkcs7", "signature");
        imds.emulator().put(MD + "custom-thing", "x");
        assertThat(imds.get("/2021-07-15/meta-data/custom-thing").status()).isEqualTo(404);
        assertThat(imds.text(MD + "custom-thing")).isEqualTo("x");
    }

    @Test
    void put_overridesAndCreatesFolders() throws IOException {
        imds.emulator().put(MD + "tags/instance/Team", "platform");

        assertThat(imds.text(MD + "tags/instance/Team")).isEqualTo("platform");
        assertThat(imds.text(MD + "tags/instance/").split("\n")).contains("Team", "Name");
    }

    @Test
    void remove_leafAndFolder_404() throws IOException {
        imds.emulator().remove(MD + "ami-id").remove(MD + "placement/");

        assertThat(imds.get(MD + "ami-id").status()).isEqualTo(404);
        assertThat(imds.get(MD + "placement/region").status()).isEqualTo(404);
        assertThat(imds.get(MD + "placement/").status()).isEqualTo(404);
        assertThat(imds.text(MD).split("\n")).doesNotContain("ami-id", "placement/");
    }

    @Test
    void put_clashingWithFolderOrValue_rejected() {
        assertThatThrownBy(() -> imds.emulator().put(MD + "placement", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> imds.emulator().put(MD + "ami-id/child", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/meta-data/x", "/latest/", "/latest/meta-data/x/", "latest/x",
        "/latest/meta-data//x", "/latest/meta-data/a b", "/latest/meta-data/../x",
        "/latest/meta-data/x?y", "/latest/meta-data/\tx"})
    void put_malformedPath_rejectedNamingIt(String path) {
        // named with its control characters escaped: a tab as \x09
        assertThatThrownBy(() -> imds.emulator().put(path, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(path.replace("\t", "\\x09"));
    }

    @Test
    void userData_servedAsExactBytes() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(all);
        }
        for (byte[] data : new byte[][] {all, gz.toByteArray()}) {
            imds.emulator().put("/latest/user-data", data);
            RawHttp.Response r = imds.get("/latest/user-data");
            assertThat(r.body()).isEqualTo(data);
            assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
        }
    }

    @Test
    void userData_removed_404() throws IOException {
        imds.emulator().remove("/latest/user-data");

        assertThat(imds.get("/latest/user-data").status()).isEqualTo(404);
        assertThat(imds.text("/latest/")).isEqualTo("dynamic\nmeta-data");
        assertThat(imds.get("/latest/user-data/").status()).isEqualTo(404);
    }

    @Test
    void credentials_expireInTheFutureAndRotateHourly() throws IOException {
        Map<String, Object> first = imds.json(MD + ROLE);
        assertThat(first).containsEntry("Code", "Success").containsEntry("Type", "AWS-HMAC")
                .containsKeys("AccessKeyId", "SecretAccessKey", "Token", "LastUpdated");
        assertThat((String) first.get("AccessKeyId")).matches("ASIA[A-Z2-7]{16}");
        assertThat(Instant.parse((String) first.get("Expiration"))).isAfter(imds.clock().instant());

        imds.clock().advance(Duration.ofMinutes(59));
        assertThat(imds.json(MD + ROLE)).isEqualTo(first);
        imds.clock().advance(Duration.ofMinutes(1));
        Map<String, Object> second = imds.json(MD + ROLE);
        assertThat(second.get("AccessKeyId")).isNotEqualTo(first.get("AccessKeyId"));
        assertThat(Instant.parse((String) second.get("Expiration")))
                .isAfter(Instant.parse((String) first.get("Expiration")))
                .isAfter(imds.clock().instant().plus(Duration.ofHours(5)));
    }

    @Test
    void extendedCredentials_addAccountId_andCanBeWithdrawn() throws IOException {
        String extended = MD + "iam/security-credentials-extended/imds4j-demo-role";
        Map<String, Object> creds = imds.json(extended);
        assertThat(creds).containsEntry("AccountId", "123456789012")
                .containsEntry("AccessKeyId", imds.json(MD + ROLE).get("AccessKeyId"));

        imds.emulator().extendedCredentials(false);
        assertThat(imds.get(extended).status()).isEqualTo(404);
        assertThat(imds.get(MD + "iam/security-credentials-extended/").status()).isEqualTo(404);
        assertThat(imds.text(MD + "iam/").split("\n"))
                .containsExactly("info", "security-credentials/");
    }

    @Test
    void tagsOff_tagFolderAbsent() throws IOException {
        imds.emulator().instanceMetadataTags(false);

        assertThat(imds.get(MD + "tags/instance/Name").status()).isEqualTo(404);
        assertThat(imds.get(MD + "tags/instance/").status()).isEqualTo(404);
        assertThat(imds.text(MD).split("\n")).doesNotContain("tags/");
    }

    @Test
    void methods_otherThanGetAndHead_405() throws IOException {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            RawHttp.Response r = RawHttp.once(imds.endpoint(), method, MD + "ami-id",
                    "X-aws-ec2-metadata-token", imds.token());
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.header("Allow")).as(method).isEqualTo("GET, HEAD");
        }
        RawHttp.Response get = RawHttp.once(imds.endpoint(), "GET", ImdsEmulator.TOKEN_PATH);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("PUT");
    }

    @Test
    void head_answersWithoutBody() throws IOException {
        RawHttp.Response r = RawHttp.once(imds.endpoint(), "HEAD", MD + "ami-id",
                "X-aws-ec2-metadata-token", imds.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Length"))
                .isEqualTo(Integer.toString(imds.get(MD + "ami-id").body().length));
        RawHttp.Response missing = RawHttp.once(imds.endpoint(), "HEAD", MD + "nothing-here",
                "X-aws-ec2-metadata-token", imds.token());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Length"))
                .isEqualTo(Integer.toString(imds.get(MD + "nothing-here").body().length));
    }

    @Test
    void head_onAKeepAliveConnection_leavesItUsable() throws IOException {
        try (RawHttp http = new RawHttp(imds.endpoint(), java.time.Duration.ofSeconds(5))) {
            assertThat(http.send("HEAD", MD + "ami-id", "X-aws-ec2-metadata-token", imds.token())
                    .status()).isEqualTo(200);
            assertThat(http.send("GET", MD + "ami-id", "X-aws-ec2-metadata-token", imds.token())
                    .text()).isEqualTo(imds.text(MD + "ami-id"));
        }
    }

    @Test
    void reset_restoresDefaultInstance() throws IOException {
        String ami = imds.text(MD + "ami-id");
        imds.emulator().put(MD + "ami-id", "ami-changed").remove(MD + "placement");
        imds.emulator().reset();
        imds.renewToken();

        assertThat(imds.text(MD + "ami-id")).isEqualTo(ami);
        assertThat(imds.text(MD + "placement/region")).isEqualTo("eu-west-1");
    }

    @Test
    void values_areUtf8() throws IOException {
        imds.emulator().put(MD + "tags/instance/Owner", "Zoë 🚀");

        assertThat(imds.get(MD + "tags/instance/Owner").body()).isEqualTo("Zoë 🚀".getBytes(UTF_8));
    }
}
