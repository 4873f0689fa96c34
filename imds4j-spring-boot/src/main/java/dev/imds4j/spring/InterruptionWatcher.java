/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConnectionException;
import dev.imds4j.ImdsDisabledException;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsTimeoutException;
import dev.imds4j.InstanceMetadata;
import dev.imds4j.RebalanceRecommendation;
import dev.imds4j.ScheduledEvent;
import dev.imds4j.SpotInstanceAction;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Polls the four notices on one daemon thread, publishes each new one, and starts the shutdown
 * when one calls for it. The thread starts with the context only when IMDS may be there (not
 * {@link ImdsClient#knownOffEc2()}, not turned off), stops when the context stops, and stops by
 * itself when IMDS at the default address does not answer on a host not known to be EC2.
 *
 * <p>Between polls it wakes early for a shutdown due before the next poll, so the shutdown
 * starts within a few milliseconds of its lead time, not up to a poll interval late.
 */
final class InterruptionWatcher implements SmartLifecycle {
    static final String THREAD_NAME = "imds4j-interruption-watcher";
    private static final System.Logger LOG = System.getLogger(InterruptionWatcher.class.getName());

    /** A notice that calls for a shutdown at {@code at}. */
    record Due(Instant at, ImdsNoticeEvent cause) {}

    private final ImdsClient client;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final Duration interval;
    private final Duration leadTime;
    private final Set<ImdsNoticeEvent.Kind> shutdownOn;
    private final ImdsShutdownHandler shutdown; // null: no shutdown

    private final Object lock = new Object();
    private ScheduledThreadPoolExecutor executor; // guarded by lock
    private volatile Thread thread;

    // Poll state, guarded by "this" (check() is synchronized).
    private final Map<SpotInstanceAction, SpotInterruptionEvent> spots = new HashMap<>();
    private final Map<RebalanceRecommendation, RebalanceRecommendationEvent> rebalances =
            new HashMap<>();
    private final Map<String, ScheduledMaintenanceEvent> maintenance = new HashMap<>();
    private TargetLifecycleStateEvent lifecycle;
    private boolean answered;
    private boolean failing;
    private boolean shutdownStarted;
    private Instant nextDue;

    InterruptionWatcher(ImdsClient client, ApplicationEventPublisher publisher, Clock clock,
            Duration interval, Duration leadTime, Set<ImdsNoticeEvent.Kind> shutdownOn,
            ImdsShutdownHandler shutdown) {
        this.client = client;
        this.publisher = publisher;
        this.clock = clock;
        this.interval = interval;
        this.leadTime = leadTime;
        this.shutdownOn = Set.copyOf(shutdownOn);
        this.shutdown = shutdown;
    }

    @Override
    public void start() {
        if (client.knownOffEc2() || client.config().disabled().value()) {
            LOG.log(Level.DEBUG, "imds4j: interruption watcher not started: "
                    + (client.knownOffEc2() ? "not on EC2, " + client.host().evidence()
                            : "IMDS is turned off"));
            return;
        }
        synchronized (lock) {
            if (executor != null) {
                return;
            }
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, THREAD_NAME);
                t.setDaemon(true);
                thread = t;
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            executor.execute(this::pollAndReschedule);
        }
    }

    @Override
    public void stop() {
        ScheduledThreadPoolExecutor e;
        synchronized (lock) {
            e = executor;
            executor = null;
        }
        if (e == null) {
            return;
        }
        e.shutdownNow();
        if (Thread.currentThread() != thread) {
            try {
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "imds4j: the interruption watcher did not stop within "
                            + "5 s (a slow listener?)");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return executor != null;
        }
    }

    /** Stops early and first at shutdown: no notice is polled while the context closes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private void pollAndReschedule() {
        boolean keepGoing;
        try {
            keepGoing = check();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "imds4j: interruption watcher poll failed", e);
            keepGoing = true;
        }
        synchronized (lock) {
            if (executor == null || executor.isShutdown()) {
                return;
            }
            if (!keepGoing) {
                executor.shutdown();
                executor = null;
                return;
            }
            Duration delay = nextDelay(clock.instant(), interval, nextDue());
            executor.schedule(this::pollAndReschedule, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized Instant nextDue() {
        return nextDue;
    }

    /** The wait before the next poll: the interval, or less when a shutdown falls due sooner. */
    static Duration nextDelay(Instant now, Duration interval, Instant due) {
        if (due == null) {
            return interval;
        }
        Duration untilDue = Duration.between(now, due);
        if (untilDue.isNegative()) {
            return Duration.ZERO;
        }
        return untilDue.compareTo(interval) < 0 ? untilDue : interval;
    }

    /**
     * Polls once: publishes new notices, starts the shutdown when one is due.
     *
     * @return false when the watcher should stop: IMDS is turned off, or does not answer at the
     *     default address on a host not known to be EC2
     */
    synchronized boolean check() {
        InstanceMetadata md = client.metadata();
        Instant now = clock.instant();
        Due due = null;
        try {
            Optional<SpotInstanceAction> spot = md.spotInstanceAction();
            if (spot.isPresent()) {
                SpotInterruptionEvent e = spots.computeIfAbsent(spot.get(),
                        s -> publish(new SpotInterruptionEvent(client, now, s)));
                due = earlier(due, ImdsNoticeEvent.Kind.SPOT_INTERRUPTION,
                        spot.get().time().minus(leadTime), e);
            }
            Optional<RebalanceRecommendation> rebalance = md.rebalanceRecommendation();
            if (rebalance.isPresent()) {
                RebalanceRecommendationEvent e = rebalances.computeIfAbsent(rebalance.get(),
                        r -> publish(new RebalanceRecommendationEvent(client, now, r)));
                due = earlier(due, ImdsNoticeEvent.Kind.REBALANCE_RECOMMENDATION,
                        e.observedAt(), e);
            }
            List<ScheduledEvent> events = md.scheduledMaintenanceEvents();
            for (ScheduledEvent event : events) {
                ScheduledMaintenanceEvent seen = maintenance.get(event.eventId());
                if (seen == null || !seen.event().state().equals(event.state())) {
                    seen = publish(new ScheduledMaintenanceEvent(client, now, event));
                    maintenance.put(event.eventId(), seen);
                }
                if (seen.active()) {
                    due = earlier(due, ImdsNoticeEvent.Kind.SCHEDULED_MAINTENANCE,
                            event.notBefore().minus(leadTime), seen);
                }
            }
            Optional<String> state = md.autoscalingTargetLifecycleState();
            if (state.isPresent() && (lifecycle == null
                    || !lifecycle.state().equals(state.get()))) {
                lifecycle = publish(new TargetLifecycleStateEvent(client, now, state.get(),
                        lifecycle == null ? null : lifecycle.state()));
            }
            if (lifecycle != null && lifecycle.leavingService()) {
                due = earlier(due, ImdsNoticeEvent.Kind.TARGET_LIFECYCLE_STATE,
                        lifecycle.observedAt(), lifecycle);
            }
        } catch (ImdsDisabledException e) {
            LOG.log(Level.INFO, "imds4j: interruption watcher stopped: " + e.getMessage());
            return false;
        } catch (ImdsConnectionException | ImdsTimeoutException e) {
            if (!answered && !ImdsClients.expected(client)) {
                LOG.log(Level.INFO, "imds4j: interruption watcher stopped: IMDS does not answer "
                        + "and this host is not known to be EC2 (" + client.host().evidence()
                        + "): " + e.getMessage());
                return false;
            }
            failed(e);
            return true;
        } catch (ImdsException e) {
            failed(e);
            return true;
        }
        answered = true;
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "imds4j: interruption watcher reads IMDS again");
        }
        nextDue = shutdownStarted || due == null ? null : due.at();
        if (due != null && !shutdownStarted && !now.isBefore(due.at())) {
            shutdownStarted = true;
            nextDue = null;
            LOG.log(Level.WARNING, "imds4j: starting graceful shutdown for " + due.cause());
            shutdown.shutdown(due.cause());
        }
        return true;
    }

    /** The earlier of two due shutdowns, counting only kinds that call for one. */
    private Due earlier(Due current, ImdsNoticeEvent.Kind kind, Instant at,
            ImdsNoticeEvent cause) {
        if (shutdown == null || !shutdownOn.contains(kind)) {
            return current;
        }
        return current == null || at.isBefore(current.at()) ? new Due(at, cause) : current;
    }

    private <E extends ImdsNoticeEvent> E publish(E event) {
        LOG.log(Level.INFO, "imds4j: " + event);
        publisher.publishEvent(event);
        return event;
    }

    private void failed(ImdsException e) {
        if (!failing) {
            failing = true;
            LOG.log(Level.WARNING, "imds4j: interruption watcher cannot read IMDS; trying again "
                    + "every " + interval + ": " + e.getMessage());
        } else {
            LOG.log(Level.DEBUG, "imds4j: interruption watcher: " + e.getMessage());
        }
    }

}
