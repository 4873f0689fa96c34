/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.SpotAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ImdsEmulatorTest(clockStart = "2026-03-01T10:00:00Z")
final class InstanceMetadataTest {
    private static final String MD = "/latest/meta-data/";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ImdsEmulator emulator;
    private ImdsClient client;
    private InstanceMetadata md;

    InstanceMetadataTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void start(ManualClock clock) {
        client = Patient.client(emulator.endpoint()).clock(clock).build();
        md = client.metadata();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    @Test
    void identityDocument_everyField() throws Exception {
        InstanceIdentity id = Both.get(() -> md, InstanceMetadata::identityDocument,
                InstanceMetadata::identityDocumentAsync);

        assertThat(id).isEqualTo(new InstanceIdentity("123456789012", "x86_64", "eu-west-1a",
                List.of(), List.of(), List.of(), "ami-0c1c30571d2dae5c9", "i-0b22a22eec53b9321",
                "m5.large", null, T0, "10.0.1.23", null, "eu-west-1", "2017-09-30"));
    }

    @Test
    void identitySignatures_asServed() throws Exception {
        assertThat(Both.get(() -> md, InstanceMetadata::identitySignature,
                InstanceMetadata::identitySignatureAsync))
                .matches("[A-Za-z0-9+/=\\n]{100,}");
        assertThat(Both.get(() -> md, InstanceMetadata::identityPkcs7,
                InstanceMetadata::identityPkcs7Async)).hasSizeGreaterThan(500);
        assertThat(Both.get(() -> md, InstanceMetadata::identityRsa2048,
                InstanceMetadata::identityRsa2048Async))
                .hasSizeGreaterThan(1000);
    }

    @Test
    void placementAndInstance() throws Exception {
        emulator.put(MD + "placement/availability-zone", "us-west-2-lax-1a");
        assertThat(Both.get(() -> md, InstanceMetadata::region,
                InstanceMetadata::regionAsync)).isEqualTo("eu-west-1");
        assertThat(Both.get(() -> md, InstanceMetadata::availabilityZone,
                InstanceMetadata::availabilityZoneAsync))
                .isEqualTo("us-west-2-lax-1a");
        assertThat(Both.get(() -> md, InstanceMetadata::instanceId,
                InstanceMetadata::instanceIdAsync)).isEqualTo("i-0b22a22eec53b9321");
        assertThat(Both.get(() -> md, InstanceMetadata::instanceType,
                InstanceMetadata::instanceTypeAsync)).isEqualTo("m5.large");
    }

    @Test
    void iamInfo_presentThenAbsent() throws Exception {
        Optional<IamInfo> info = Both.get(() -> md, InstanceMetadata::iamInfo,
                InstanceMetadata::iamInfoAsync);
        assertThat(info).get().satisfies(i -> {
            assertThat(i.code()).isEqualTo("Success");
            assertThat(i.instanceProfileArn())
                    .isEqualTo("arn:aws:iam::123456789012:instance-profile/imds4j-demo-profile");
            assertThat(i.lastUpdated()).isEqualTo(T0);
        });
        emulator.remove(MD + "iam/info");
        assertThat(Both.get(() -> md, InstanceMetadata::iamInfo,
                InstanceMetadata::iamInfoAsync)).isEmpty();
    }

    @Test
    void tags_mapInOrder_emptyWhenTagAccessIsOff() throws Exception {
        emulator.put(MD + "tags/instance/Team", "platform");
        assertThat(Both.get(() -> md, InstanceMetadata::tags,
                InstanceMetadata::tagsAsync)).containsExactly(
                Map.entry("Environment", "test"), Map.entry("Name", "imds4j-demo"),
                Map.entry("Team", "platform"));
        emulator.instanceMetadataTags(false);
        assertThat(Both.get(() -> md, InstanceMetadata::tags,
                InstanceMetadata::tagsAsync)).isEmpty();
    }

    @Test
    void userData_exactBytes_gzipDetectedAndDecompressed() throws Exception {
        byte[] script = "#cloud-config\npackages: [jq]\n".getBytes(UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(script);
        }
        emulator.put("/latest/user-data", gz.toByteArray());

        UserData data = Both.get(() -> md, InstanceMetadata::userData,
                InstanceMetadata::userDataAsync).orElseThrow();
        assertThat(data.bytes()).isEqualTo(gz.toByteArray());
        assertThat(data.gzipped()).isTrue();
        assertThat(data.decompressed()).isEqualTo(script);
        assertThat(data).hasToString("UserData[" + gz.size() + " bytes, gzip]");

        emulator.put("/latest/user-data", script);
        UserData plain = md.userData().orElseThrow();
        assertThat(plain.gzipped()).isFalse();
        assertThat(plain.decompressed()).isEqualTo(script);

        emulator.remove("/latest/user-data");
        assertThat(Both.get(() -> md, InstanceMetadata::userData,
                InstanceMetadata::userDataAsync)).isEmpty();
    }

    @Test
    void userData_corruptGzip_ioException() {
        UserData corrupt = new UserData(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        org.assertj.core.api.Assertions.assertThatThrownBy(corrupt::decompressed)
                .isInstanceOf(IOException.class);
    }

    @Test
    void spotAndRebalance_emptyUntilScheduled(ManualClock clock) throws Exception {
        assertThat(Both.get(() -> md, InstanceMetadata::spotInstanceAction,
                InstanceMetadata::spotInstanceActionAsync)).isEmpty();
        assertThat(Both.get(() -> md, InstanceMetadata::rebalanceRecommendation,
                InstanceMetadata::rebalanceRecommendationAsync))
                .isEmpty();
        emulator.scheduleSpotInterruption(SpotAction.HIBERNATE, T0.plusSeconds(60),
                T0.plusSeconds(180));
        emulator.scheduleRebalanceRecommendation(T0.plusSeconds(30));
        clock.advance(Duration.ofMinutes(1));

        assertThat(Both.get(() -> md, InstanceMetadata::spotInstanceAction,
                InstanceMetadata::spotInstanceActionAsync))
                .contains(new SpotInstanceAction("hibernate", T0.plusSeconds(180)));
        assertThat(Both.get(() -> md, InstanceMetadata::rebalanceRecommendation,
                InstanceMetadata::rebalanceRecommendationAsync))
                .contains(new RebalanceRecommendation(T0.plusSeconds(30)));
    }

    @Test
    void maintenanceEvents_datesParsed() throws Exception {
        assertThat(Both.get(() -> md, InstanceMetadata::scheduledMaintenanceEvents,
                InstanceMetadata::scheduledMaintenanceEventsAsync))
                .isEmpty();
        emulator.scheduleMaintenanceEvent(new dev.imds4j.emulator.MaintenanceEvent(
                "system-reboot", "scheduled reboot", "instance-event-0d59937288b749b32",
                Instant.parse("2019-01-21T09:00:43Z"), Instant.parse("2019-01-21T11:00:00Z"),
                "active"), T0);

        assertThat(Both.get(() -> md, InstanceMetadata::scheduledMaintenanceEvents,
                InstanceMetadata::scheduledMaintenanceEventsAsync))
                .containsExactly(new ScheduledEvent("system-reboot", "scheduled reboot",
                        "instance-event-0d59937288b749b32", Instant.parse("2019-01-21T09:00:43Z"),
                        Instant.parse("2019-01-21T11:00:00Z"), "active"));
    }

    @Test
    void maintenanceEvents_realFormatWithTwoDigitDays() throws Exception {
        emulator.put(MD + "events/maintenance/scheduled", "[ {\n  \"NotBefore\" : \"21 Jan 2019 "
                + "09:00:43 GMT\",\n  \"Code\" : \"system-reboot\",\n  \"Description\" : \"x\",\n"
                + "  \"EventId\" : \"instance-event-1\",\n  \"NotAfter\" : \"21 Jan 2019 09:17:23 "
                + "GMT\",\n  \"State\" : \"active\"\n} ]");
        assertThat(md.scheduledMaintenanceEvents()).singleElement()
                .satisfies(e -> assertThat(e.notBefore())
                        .isEqualTo(Instant.parse("2019-01-21T09:00:43Z")));
    }

    @Test
    void lifecycleState_presentThenAbsent() throws Exception {
        assertThat(Both.get(() -> md, InstanceMetadata::autoscalingTargetLifecycleState,
                InstanceMetadata::autoscalingTargetLifecycleStateAsync)).contains("InService");
        emulator.remove(MD + "autoscaling");
        assertThat(Both.get(() -> md, InstanceMetadata::autoscalingTargetLifecycleState,
                InstanceMetadata::autoscalingTargetLifecycleStateAsync)).isEmpty();
    }

    @Test
    void list_marksFolders_publicKeysAsFolders() throws Exception {
        List<MetadataEntry> placement = Both.get(() -> md,
                m -> m.list("/latest/meta-data/placement"),
                m -> m.listAsync("/latest/meta-data/placement/"));
        assertThat(placement).containsExactly(new MetadataEntry("availability-zone", false),
                new MetadataEntry("availability-zone-id", false),
                new MetadataEntry("region", false));
        assertThat(md.list(MD)).contains(new MetadataEntry("iam", true),
                new MetadataEntry("ami-id", false));
        assertThat(md.list(MD + "public-keys/")).containsExactly(new MetadataEntry("0", true));
        assertThat(md.list(MD + "public-keys/0/"))
                .containsExactly(new MetadataEntry("openssh-key", false));
    }

    @Test
    void malformedDocument_namesPathNeverQuotesBody() throws Exception {
        String path = "/latest/dynamic/instance-identity/document";
        emulator.put(path, "{\"instanceId\": secret-looking-garbage}");
        ImdsException e = Both.failure(() -> md, InstanceMetadata::identityDocument,
                InstanceMetadata::identityDocumentAsync);

        assertThat(e).isInstanceOf(ImdsResponseException.class)
                .hasMessage("GET " + path + " at " + emulator.endpoint()
                        + ": malformed JSON at line 1, column 16: expected a value")
                .hasNoCause();
        assertThat(e.getMessage()).doesNotContain("garbage");
    }

    @Test
    void missingOrMistypedField_named() throws Exception {
        String path = "/latest/dynamic/instance-identity/document";
        emulator.put(path, "{\"accountId\": \"1\", \"region\": \"r\", \"extra\": {\"x\": 1}}");
        assertThat(Both.failure(() -> md, InstanceMetadata::identityDocument,
                InstanceMetadata::identityDocumentAsync))
                .hasMessageEndingWith(": field availabilityZone is missing");

        emulator.put(MD + "spot/instance-action", "{\"action\": \"stop\", \"time\": \"soon\"}");
        assertThat(Both.failure(() -> md, InstanceMetadata::spotInstanceAction,
                InstanceMetadata::spotInstanceActionAsync))
                .hasMessageEndingWith(": field time is not a valid time");

        emulator.put(MD + "events/maintenance/scheduled", "{\"Code\": 1}");
        assertThat(Both.failure(() -> md, InstanceMetadata::scheduledMaintenanceEvents,
                InstanceMetadata::scheduledMaintenanceEventsAsync))
                .hasMessageEndingWith(": expected a JSON array");
    }

    @Test
    void unknownFields_tolerated() throws Exception {
        emulator.put(MD + "events/recommendations/rebalance",
                "{\"noticeTime\": \"2026-03-01T10:00:00Z\", \"future\": [1, 2, {\"a\": null}]}");
        assertThat(md.rebalanceRecommendation()).contains(new RebalanceRecommendation(T0));
    }

    @Test
    void otherFailures_propagateTyped() throws Exception {
        emulator.addFault(dev.imds4j.emulator.Fault.status(403).onMethod("GET").always());
        assertThat(Both.failure(() -> md, InstanceMetadata::spotInstanceAction,
                InstanceMetadata::spotInstanceActionAsync))
                .isInstanceOf(ImdsStatusException.class).hasMessageContaining("403");
        assertThat(Both.failure(() -> md, InstanceMetadata::tags,
                InstanceMetadata::tagsAsync)).isInstanceOf(ImdsStatusException.class);
    }
}
