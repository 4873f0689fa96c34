/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.MaintenanceEvent;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.SpotAction;
import dev.imds4j.junit.ImdsEmulatorExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

final class InterruptionWatcherTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    @TempDir
    Path dir;

    /** Collects the notices a listener receives. */
    static final class Notices implements ApplicationListener<ImdsNoticeEvent> {
        final BlockingQueue<ImdsNoticeEvent> received = new LinkedBlockingQueue<>();
        private final CountDownLatch any = new CountDownLatch(1);

        @Override
        public void onApplicationEvent(ImdsNoticeEvent event) {
            received.add(event);
            any.countDown();
        }

        /** Waits, at most 20 s, until a first notice arrives, leaving it in the queue. */
        void awaitFirst(String what) throws InterruptedException {
            assertThat(any.await(20, TimeUnit.SECONDS)).as("waited 20 s for " + what).isTrue();
        }

        ImdsNoticeEvent next(String what) throws InterruptedException {
            ImdsNoticeEvent e = received.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("waited 20 s for " + what).isNotNull();
            return e;
        }
    }

    /** Counts down when the context closes. */
    static final class CloseListener implements ApplicationListener<ContextClosedEvent> {
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String thread;

        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            thread = Thread.currentThread().getName();
            closed.countDown();
        }
    }

    /** Records shutdown requests instead of closing the context. */
    static final class RecordingShutdown implements ImdsShutdownHandler {
        final List<ImdsNoticeEvent> causes = new CopyOnWriteArrayList<>();

        @Override
        public void shutdown(ImdsNoticeEvent cause) {
            causes.add(cause);
        }
    }

    private static ApplicationContextRunner watching(ImdsEmulator imds, ManualClock clock) {
        return TestContexts.onEmulator(imds).withBean(Clock.class, () -> clock)
                .withBean(Notices.class, Notices::new)
                .withPropertyValues("imds4j.interruption.enabled=true");
    }

    /** Waits, at most 5 s for each, for watcher threads to end, then asserts none is left. */
    private static void assertNoWatcherThread() throws InterruptedException {
        for (Thread t : watcherThreads()) {
            t.join(5000);
        }
        assertThat(watcherThreads()).as("watcher threads alive after 5 s").isEmpty();
    }

    private static List<Thread> watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(InterruptionWatcher.THREAD_NAME) && t.isAlive())
                .toList();
    }

    @Test
    void spotInterruption_onTheEmulatorsClock_reachesAListener(ImdsEmulator imds,
            ManualClock clock) throws InterruptedException {
        Instant notice = clock.instant().plusSeconds(10);
        imds.scheduleSpotInterruption(SpotAction.TERMINATE, notice, notice.plusSeconds(120));
        watching(imds, clock).withPropertyValues("imds4j.interruption.poll-interval=100ms")
                .run(context -> {
                    Notices notices = context.getBean(Notices.class);
                    ImdsNoticeEvent first = notices.next("the lifecycle state");
                    assertThat(first).isInstanceOf(TargetLifecycleStateEvent.class);
                    assertThat(((TargetLifecycleStateEvent) first).state()).isEqualTo("InService");
                    assertThat(((TargetLifecycleStateEvent) first).previousState()).isEmpty();

                    clock.advance(Duration.ofSeconds(10));
                    ImdsNoticeEvent e = notices.next("the spot notice");
                    assertThat(e).isInstanceOf(SpotInterruptionEvent.class);
                    SpotInterruptionEvent spot = (SpotInterruptionEvent) e;
                    assertThat(spot.notice().action()).isEqualTo("terminate");
                    assertThat(spot.actionTime()).contains(notice.plusSeconds(120));
                    assertThat(spot.kind()).isEqualTo(ImdsNoticeEvent.Kind.SPOT_INTERRUPTION);
                    assertThat(spot.getSource()).isSameAs(context.getBean(
                            dev.imds4j.ImdsClient.class));
                    assertThat(watcherThreads()).hasSize(1);
                });
        assertNoWatcherThread();
    }

    @Test
    void gracefulShutdown_startsAtTheLeadTimeBeforeTheAction(ImdsEmulator imds,
            ManualClock clock) {
        Instant t0 = clock.instant();
        imds.scheduleSpotInterruption(SpotAction.STOP, t0.plusSeconds(10), t0.plusSeconds(130));
        // A poll interval of an hour: the test drives check() itself, on the clock.
        watching(imds, clock).withPropertyValues("imds4j.interruption.poll-interval=1h",
                "imds4j.interruption.shutdown.enabled=true",
                "imds4j.interruption.shutdown.lead-time=45s")
                .withBean(RecordingShutdown.class, RecordingShutdown::new).run(context -> {
                    InterruptionWatcher watcher = context.getBean(InterruptionWatcher.class);
                    RecordingShutdown shutdown = context.getBean(RecordingShutdown.class);
                    // The starting poll (see everyKind_...) must not straddle a clock change.
                    context.getBean(Notices.class)
                            .awaitFirst("the starting poll's lifecycle state");
                    watcher.check();
                    clock.advance(Duration.ofSeconds(10));
                    watcher.check();
                    assertThat(context.getBean(Notices.class).received)
                            .hasAtLeastOneElementOfType(SpotInterruptionEvent.class);
                    assertThat(shutdown.causes).isEmpty();

                    clock.set(t0.plusSeconds(130 - 45).minusMillis(1));
                    watcher.check();
                    assertThat(shutdown.causes).as("1 ms before the lead time").isEmpty();
                    assertThat(InterruptionWatcher.nextDelay(clock.instant(), Duration.ofHours(1),
                            t0.plusSeconds(85))).isEqualTo(Duration.ofMillis(1));

                    clock.advance(Duration.ofMillis(1));
                    watcher.check();
                    assertThat(shutdown.causes).hasSize(1);
                    assertThat(shutdown.causes.get(0)).isInstanceOf(SpotInterruptionEvent.class);
                    clock.advance(Duration.ofSeconds(5));
                    watcher.check();
                    assertThat(shutdown.causes).as("started once").hasSize(1);
                });
    }

    @Test
    void nextDelay_isTheIntervalOrLessWhenAShutdownFallsDueSooner() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Duration interval = Duration.ofSeconds(5);
        assertThat(InterruptionWatcher.nextDelay(now, interval, null)).isEqualTo(interval);
        assertThat(InterruptionWatcher.nextDelay(now, interval, now.plusSeconds(60)))
                .isEqualTo(interval);
        assertThat(InterruptionWatcher.nextDelay(now, interval, now.plusMillis(1200)))
                .isEqualTo(Duration.ofMillis(1200));
        assertThat(InterruptionWatcher.nextDelay(now, interval, now.minusSeconds(1)))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void defaultShutdown_closesTheContext(ImdsEmulator imds, ManualClock clock) {
        imds.scheduleSpotInterruption(SpotAction.TERMINATE, clock.instant(),
                clock.instant().plusSeconds(30));
        CloseListener listener = new CloseListener();
        watching(imds, clock).withPropertyValues("imds4j.interruption.poll-interval=1h",
                "imds4j.interruption.shutdown.enabled=true")
                .withBean(CloseListener.class, () -> listener)
                .run(context -> {
                    assertThat(listener.closed.await(20, TimeUnit.SECONDS))
                            .as("waited 20 s for the context to close").isTrue();
                    assertThat(listener.thread).isEqualTo("imds4j-shutdown");
                });
    }

    @Test
    void everyKind_publishedOnce_andLifecycleTerminationShutsDownAtOnce(ImdsEmulator imds,
            ManualClock clock) {
        Instant t0 = clock.instant();
        imds.scheduleRebalanceRecommendation(t0.plusSeconds(1));
        imds.scheduleMaintenanceEvent(new MaintenanceEvent("system-reboot", "reboot",
                "instance-event-0d59937288b749b32", t0.plus(Duration.ofDays(2)),
                t0.plus(Duration.ofDays(2)).plusSeconds(3600), "active"), t0.plusSeconds(1));
        imds.scheduleTargetLifecycleState("Terminated", t0.plusSeconds(2));
        watching(imds, clock).withPropertyValues("imds4j.interruption.poll-interval=1h",
                "imds4j.interruption.shutdown.enabled=true",
                "imds4j.interruption.shutdown.on=scheduled-maintenance,target-lifecycle-state")
                .withBean(RecordingShutdown.class, RecordingShutdown::new).run(context -> {
                    InterruptionWatcher watcher = context.getBean(InterruptionWatcher.class);
                    RecordingShutdown shutdown = context.getBean(RecordingShutdown.class);
                    Notices notices = context.getBean(Notices.class);
                    // The watcher polls once as it starts, on its own thread. Its last read is
                    // the lifecycle state: once that is published, the poll cannot straddle the
                    // clock's advance below (and check() waits for it to end).
                    notices.awaitFirst("the starting poll's lifecycle state");
                    watcher.check();
                    clock.advance(Duration.ofSeconds(1));
                    watcher.check();
                    watcher.check();
                    assertThat(notices.received).extracting(ImdsNoticeEvent::kind)
                            .containsExactly(ImdsNoticeEvent.Kind.TARGET_LIFECYCLE_STATE,
                                    ImdsNoticeEvent.Kind.REBALANCE_RECOMMENDATION,
                                    ImdsNoticeEvent.Kind.SCHEDULED_MAINTENANCE);
                    ScheduledMaintenanceEvent m = (ScheduledMaintenanceEvent)
                            notices.received.stream().toList().get(2);
                    assertThat(m.active()).isTrue();
                    assertThat(m.event().code()).isEqualTo("system-reboot");
                    assertThat(shutdown.causes).as("maintenance is two days away").isEmpty();

                    clock.advance(Duration.ofSeconds(1));
                    watcher.check();
                    TargetLifecycleStateEvent last = (TargetLifecycleStateEvent)
                            notices.received.stream().reduce((a, b) -> b).orElseThrow();
                    assertThat(last.state()).isEqualTo("Terminated");
                    assertThat(last.previousState()).contains("InService");
                    assertThat(last.leavingService()).isTrue();
                    assertThat(shutdown.causes).containsExactly(last);
                });
    }

    @Test
    void disabledByDefault_noWatcher(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).run(context -> {
            assertThat(context).doesNotHaveBean(InterruptionWatcher.class)
                    .doesNotHaveBean(ImdsShutdownHandler.class);
            assertThat(watcherThreads()).isEmpty();
        });
    }

    @Test
    void offEc2_noThreadAndNothingSent() {
        TestContexts.offEc2(dir).withPropertyValues("imds4j.interruption.enabled=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(InterruptionWatcher.class);
                    assertThat(context.getBean(InterruptionWatcher.class).isRunning()).isFalse();
                    assertThat(watcherThreads()).isEmpty();
                });
    }

    @Test
    void imdsTurnedOff_noThread(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.interruption.enabled=true")
                .withBean(ImdsClientCustomizer.class, () -> b -> b.environment(
                        Map.of("AWS_EC2_METADATA_DISABLED", "true")))
                .run(context -> {
                    assertThat(context.getBean(InterruptionWatcher.class).isRunning()).isFalse();
                    assertThat(watcherThreads()).isEmpty();
                    assertThat(imds.requests()).isEmpty();
                });
    }

    @Test
    void shutdownOff_noHandlerCalled(ImdsEmulator imds, ManualClock clock) {
        imds.scheduleSpotInterruption(SpotAction.TERMINATE, clock.instant(),
                clock.instant().plusSeconds(10));
        watching(imds, clock).withPropertyValues("imds4j.interruption.poll-interval=1h")
                .withBean(RecordingShutdown.class, RecordingShutdown::new).run(context -> {
                    assertThat(context).doesNotHaveBean("imdsShutdownHandler");
                    context.getBean(InterruptionWatcher.class).check();
                    assertThat(context.getBean(RecordingShutdown.class).causes).isEmpty();
                    assertThat(context.getBean(Notices.class).received)
                            .hasAtLeastOneElementOfType(SpotInterruptionEvent.class);
                });
    }

    @Test
    void invalidSettings_failNamingThem(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.interruption.enabled=true",
                "imds4j.interruption.poll-interval=10ms").run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("imds4j.interruption.poll-interval"));
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.interruption.enabled=true",
                "imds4j.interruption.shutdown.lead-time=-1s").run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("imds4j.interruption.shutdown.lead-time"));
    }

    @Test
    void stopsWithTheContext_andIsALifecycleBean(ImdsEmulator imds, ManualClock clock)
            throws InterruptedException {
        watching(imds, clock).withPropertyValues("imds4j.interruption.poll-interval=1h")
                .run(context -> {
                    assertThat(context.getBean("imdsInterruptionWatcher"))
                            .isInstanceOf(SmartLifecycle.class);
                    assertThat(context.getBean(InterruptionWatcher.class).isRunning()).isTrue();
                });
        assertNoWatcherThread();
    }
}
