/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * JUnit Jupiter support for the imds4j emulator: {@link dev.imds4j.junit.ImdsEmulatorTest} and
 * {@link dev.imds4j.junit.ImdsEmulatorExtension}.
 */
module dev.imds4j.junit {
    requires transitive dev.imds4j.emulator;
    requires transitive org.junit.jupiter.api;

    exports dev.imds4j.junit;
}
