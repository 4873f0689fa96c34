/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsException;
import dev.imds4j.InstanceMetadata;
import dev.imds4j.RebalanceRecommendation;
import dev.imds4j.ScheduledEvent;
import dev.imds4j.SpotInstanceAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What IMDS says is about to happen to the instance at one moment: the spot interruption,
 * rebalance recommendation, scheduled maintenance events and auto scaling target lifecycle
 * state. {@code events} prints one snapshot; {@code watch} prints what is new in each.
 */
final class Notices {
    final Optional<SpotInstanceAction> spot;
    final Optional<RebalanceRecommendation> rebalance;
    final List<ScheduledEvent> maintenance;
    final Optional<String> lifecycle;

    private Notices(Optional<SpotInstanceAction> spot, Optional<RebalanceRecommendation> rebalance,
            List<ScheduledEvent> maintenance, Optional<String> lifecycle) {
        this.spot = spot;
        this.rebalance = rebalance;
        this.maintenance = maintenance;
        this.lifecycle = lifecycle;
    }

    static Notices read(InstanceMetadata md) throws ImdsException {
        return new Notices(md.spotInstanceAction(), md.rebalanceRecommendation(),
                md.scheduledMaintenanceEvents(), md.autoscalingTargetLifecycleState());
    }

    /** The snapshot as one JSON object, absent notices as null. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spotInstanceAction", spot.map(Notices::spot).orElse(null));
        m.put("rebalanceRecommendation", rebalance.map(Notices::rebalance).orElse(null));
        List<Object> events = new ArrayList<>();
        for (ScheduledEvent e : maintenance) {
            events.add(maintenance(e));
        }
        m.put("scheduledMaintenanceEvents", events);
        m.put("autoscalingTargetLifecycleState", lifecycle.orElse(null));
        return m;
    }

    /** The snapshot for people; served text escaped as {@link Text} does, one line each. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("spot interruption:        " + (spot.isEmpty() ? "none"
                : Text.escape(spot.get().action()) + " at " + spot.get().time()));
        lines.add("rebalance recommendation: " + (rebalance.isEmpty() ? "none"
                : "issued " + rebalance.get().noticeTime()));
        lines.add("scheduled maintenance:    " + (maintenance.isEmpty() ? "none"
                : maintenance.size() + " event" + (maintenance.size() == 1 ? "" : "s")));
        for (ScheduledEvent e : maintenance) {
            lines.add("  " + Text.escape(e.code()) + " " + Text.escape(e.eventId()) + " from "
                    + e.notBefore() + (e.notAfter() == null ? "" : " to " + e.notAfter())
                    + " (" + Text.escape(e.state()) + ")");
        }
        lines.add("target lifecycle state:   " + (lifecycle.isEmpty()
                ? "none (not in an auto scaling group)" : Text.escape(lifecycle.get())));
        return lines;
    }

    /**
     * Each notice as a watch line keyed by what makes it new: a changed spot action, a new
     * recommendation, a new or changed maintenance event, a lifecycle state other than the
     * previous one (InService before any is seen).
     */
    Map<String, Map<String, Object>> keyed() {
        Map<String, Map<String, Object>> notices = new LinkedHashMap<>();
        spot.ifPresent(s -> notices.put("spot " + s.action() + " " + s.time(),
                typed("spot-interruption", spot(s))));
        rebalance.ifPresent(r -> notices.put("rebalance " + r.noticeTime(),
                typed("rebalance-recommendation", rebalance(r))));
        for (ScheduledEvent e : maintenance) {
            notices.put("maintenance " + e.eventId() + " " + e.state(),
                    typed("scheduled-maintenance", maintenance(e)));
        }
        lifecycle.ifPresent(state -> notices.put("lifecycle " + state,
                typed("target-lifecycle-state", Map.of("state", state))));
        return notices;
    }

    private static Map<String, Object> typed(String type, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.putAll(fields);
        return m;
    }

    private static Map<String, Object> spot(SpotInstanceAction s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", s.action());
        m.put("time", s.time().toString());
        return m;
    }

    private static Map<String, Object> rebalance(RebalanceRecommendation r) {
        return Map.of("noticeTime", r.noticeTime().toString());
    }

    private static Map<String, Object> maintenance(ScheduledEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", e.code());
        m.put("eventId", e.eventId());
        m.put("description", e.description());
        m.put("notBefore", e.notBefore().toString());
        m.put("notAfter", e.notAfter() == null ? null : e.notAfter().toString());
        m.put("state", e.state());
        return m;
    }
}
