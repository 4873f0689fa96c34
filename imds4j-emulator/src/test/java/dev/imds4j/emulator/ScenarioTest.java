/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class ScenarioTest {
    private static final String MD = "/latest/meta-data/";
    private static final Instant T0 = EmulatorFixture.T0;

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();
    private ImdsEmulator emulator;
    private ManualClock clock;

    @BeforeEach
    void start() {
        emulator = imds.emulator();
        clock = imds.clock();
    }

    private RawHttp.Response get(String path) throws IOException {
        return imds.get(path);
    }

    @Test
    void spotInterruption_appearsAtNoticeTime() throws IOException {
        emulator.scheduleSpotInterruption(SpotAction.TERMINATE, T0.plusSeconds(60),
                T0.plusSeconds(180));

        assertThat(get(MD + "instance-life-cycle").text()).isEqualTo("spot");
        clock.advance(Duration.ofSeconds(59));
        assertThat(get(MD + "spot/instance-action").status()).isEqualTo(404);
        clock.advance(Duration.ofSeconds(1));
        RawHttp.Response notice = get(MD + "spot/instance-action");
        assertThat(notice.status()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(notice.text())).containsExactlyInAnyOrderEntriesOf(
                Map.of("action", "terminate", "time", "2026-03-01T10:03:00Z"));
        assertThat(get(MD + "spot/termination-time").text()).isEqualTo("2026-03-01T10:03:00Z");
        assertThat(get(MD + "spot/").text().split("\n"))
                .containsExactly("instance-action", "termination-time");
    }

    @Test
    void spotStop_hasNoTerminationTime() throws IOException {
        emulator.scheduleSpotInterruption(SpotAction.STOP, T0, T0.plusSeconds(120));

        assertThat(JSON.std.mapFrom(get(MD + "spot/instance-action").text()))
                .containsEntry("action", "stop");
        assertThat(get(MD + "spot/termination-time").status()).isEqualTo(404);
    }

    @Test
    void rebalanceRecommendation_appearsAtNoticeTime() throws IOException {
        emulator.scheduleRebalanceRecommendation(T0.plusSeconds(30));

        assertThat(get(MD + "events/recommendations/rebalance").status()).isEqualTo(404);
        clock.advance(Duration.ofSeconds(30));
        assertThat(JSON.std.mapFrom(get(MD + "events/recommendations/rebalance").text()))
                .isEqualTo(Map.of("noticeTime", "2026-03-01T10:00:30Z"));
    }

    @Test
    void maintenanceEvents_publishedInTurn() throws IOException {
        MaintenanceEvent reboot = new MaintenanceEvent("system-reboot",
                "scheduled reboot", "instance-event-0d59937288b749b32",
                Instant.parse("2026-03-05T09:00:43Z"), Instant.parse("2026-03-05T11:00:00Z"),
                "active");
        MaintenanceEvent retire = new MaintenanceEvent("instance-retirement", "retirement",
                "instance-event-0123456789abcdef0", Instant.parse("2026-03-09T00:00:00Z"),
                Instant.parse("2026-03-10T00:00:00Z"), "active");
        emulator.scheduleMaintenanceEvent(reboot, T0).scheduleMaintenanceEvent(retire,
                T0.plusSeconds(3600));

        List<Object> now = JSON.std.listFrom(get(MD + "events/maintenance/scheduled").text());
        assertThat(now).containsExactly(Map.of("NotBefore", "5 Mar 2026 09:00:43 GMT",
                "Code", "system-reboot", "Description", "scheduled reboot",
                "EventId", "instance-event-0d59937288b749b32",
                "NotAfter", "5 Mar 2026 11:00:00 GMT", "State", "active"));
        clock.advance(Duration.ofHours(1));
        assertThat(JSON.std.listFrom(get(MD + "events/maintenance/scheduled").text())).hasSize(2);
    }

    @Test
    void targetLifecycleState_changesOnSchedule() throws IOException {
        emulator.scheduleTargetLifecycleState("Warmed:Stopped", T0.plusSeconds(10))
                .scheduleTargetLifecycleState("Terminated", T0.plusSeconds(20));
        String path = MD + "autoscaling/target-lifecycle-state";

        assertThat(get(path).text()).isEqualTo("InService");
        clock.advance(Duration.ofSeconds(10));
        assertThat(get(path).text()).isEqualTo("Warmed:Stopped");
        clock.advance(Duration.ofSeconds(60));
        assertThat(get(path).text()).isEqualTo("Terminated");
    }

    @Test
    void reset_cancelsScheduledScenarios() throws IOException {
        emulator.scheduleRebalanceRecommendation(T0.plusSeconds(1));
        emulator.reset();
        imds.renewToken();
        clock.advance(Duration.ofSeconds(5));

        assertThat(get(MD + "events/recommendations/rebalance").status()).isEqualTo(404);
    }
}
