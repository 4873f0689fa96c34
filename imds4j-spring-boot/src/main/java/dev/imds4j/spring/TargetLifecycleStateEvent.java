/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The auto scaling group's target lifecycle state for the instance, published on the watcher's
 * first reading and on every change: {@code InService}, {@code Terminated}, {@code
 * Warmed:Stopped}, {@code Warmed:Running}, {@code Warmed:Hibernated}, {@code Warmed:Terminated}.
 */
public final class TargetLifecycleStateEvent extends ImdsNoticeEvent {
    private static final long serialVersionUID = 1L;

    private final transient String state;
    private final transient String previousState;

    /**
     * Creates an event.
     *
     * @param source the client that read the state
     * @param observedAt when the watcher saw it
     * @param state the new state
     * @param previousState the state seen before, or null on the first reading
     */
    public TargetLifecycleStateEvent(ImdsClient source, Instant observedAt, String state,
            String previousState) {
        super(source, observedAt);
        this.state = Objects.requireNonNull(state, "state");
        this.previousState = previousState;
    }

    /**
     * Returns the target state.
     *
     * @return such as {@code Terminated}
     */
    public String state() {
        return state;
    }

    /**
     * Returns the state seen before this one.
     *
     * @return the previous state; empty on the watcher's first reading
     */
    public Optional<String> previousState() {
        return Optional.ofNullable(previousState);
    }

    /**
     * Returns whether the target takes the instance out of service: it is terminated, stopped or
     * hibernated (into a warm pool or for good).
     *
     * @return true for {@code Terminated}, {@code Warmed:Terminated}, {@code Warmed:Stopped} and
     *     {@code Warmed:Hibernated}
     */
    public boolean leavingService() {
        return stopping(state);
    }

    static boolean stopping(String state) {
        String s = state.toLowerCase(Locale.ROOT);
        return s.endsWith("terminated") || s.endsWith("stopped") || s.endsWith("hibernated");
    }

    @Override
    public Kind kind() {
        return Kind.TARGET_LIFECYCLE_STATE;
    }

    @Override
    public Optional<Instant> actionTime() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return super.toString().replace("]", ", " + previousState + " -> " + state + "]");
    }
}
