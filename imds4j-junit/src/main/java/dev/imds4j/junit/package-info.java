/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * JUnit Jupiter support for the imds4j IMDSv2 emulator.
 *
 * <p>{@link dev.imds4j.junit.ImdsEmulatorTest} is the declarative form (one emulator per class);
 * {@link dev.imds4j.junit.ImdsEmulatorExtension} on a {@code static} field gives one per class with
 * options, on an instance field one per test. Both reset the emulator and its clock between tests
 * and close it through JUnit's store.
 *
 * <pre>{@code
 * @ImdsEmulatorTest
 * class SpotNoticeTest {
 *     @Test
 *     void noticeAfterTwoMinutes(ImdsEmulator imds, ManualClock clock) {
 *         imds.scheduleSpotInterruption(SpotAction.TERMINATE,
 *                 clock.instant().plusSeconds(120), clock.instant().plusSeconds(240));
 *         clock.advance(Duration.ofMinutes(2));
 *         // the client under test, pointed at imds.endpoint(), now sees the notice
 *     }
 * }
 * }</pre>
 */
package dev.imds4j.junit;
