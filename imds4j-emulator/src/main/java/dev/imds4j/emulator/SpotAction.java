/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.util.Locale;

/** What EC2 is about to do to a spot instance, as {@code spot/instance-action} states it. */
public enum SpotAction {
    /** The instance will be terminated. */
    TERMINATE,
    /** The instance will be stopped. */
    STOP,
    /** The instance will be hibernated. */
    HIBERNATE;

    /** Returns the value IMDS uses in JSON, such as {@code terminate}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
