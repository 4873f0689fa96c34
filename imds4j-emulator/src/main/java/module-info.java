/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * An IMDSv2 emulator on the JDK's HTTP server: tokens, the instance metadata tree, scenarios on a
 * controllable clock, scripted faults and a request journal. See {@link dev.imds4j.emulator}.
 */
module dev.imds4j.emulator {
    requires jdk.httpserver;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.jr.ob;

    exports dev.imds4j.emulator;
}
