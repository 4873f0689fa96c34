/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs sample test classes through the JUnit engine and checks the emulator's scope, reset,
 * injection and closing. The samples are static nested classes, so surefire does not run them.
 */
final class ImdsEmulatorExtensionTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final String DEFAULT_AMI = "ami-0c1c30571d2dae5c9";

    /** What the samples saw: endpoints of the emulators they were given, in test order. */
    static final List<URI> SEEN = new CopyOnWriteArrayList<>();
    static final List<Instant> CLOCKS = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clear() {
        SEEN.clear();
        CLOCKS.clear();
    }

    private static Events run(Class<?> sample) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample))
                .execute().testEvents();
        tests.failed().stream().forEach(e -> e.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).flatMap(
                        org.junit.platform.engine.TestExecutionResult::getThrowable)
                .ifPresent(Throwable::printStackTrace));
        return tests;
    }

    /** Changes everything reset must undo, after checking it starts from defaults. */
    static void useAndDirty(ImdsEmulator imds, ManualClock clock) throws IOException {
        SEEN.add(imds.endpoint());
        CLOCKS.add(clock.instant());
        assertThat(Probe.get(imds.endpoint(), AMI)).isEqualTo(DEFAULT_AMI);
        assertThat(imds.requestCount()).isEqualTo(2);
        imds.put(AMI, "ami-dirty").addFault(Fault.status(500).onPath("/none").always());
        clock.advance(Duration.ofHours(3));
    }

    @ImdsEmulatorTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class AnnotatedSample {
        @Test
        @Order(1)
        void first(ImdsEmulator imds, ManualClock clock) throws IOException {
            useAndDirty(imds, clock);
        }

        @Test
        @Order(2)
        void second(ImdsEmulator imds, ManualClock clock) throws IOException {
            useAndDirty(imds, clock);
        }
    }

    @Test
    void annotation_oneEmulatorPerClass_resetBetweenTests_closedAfter() throws IOException {
        run(AnnotatedSample.class).assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SEEN).hasSize(2).containsOnly(SEEN.get(0));
        assertThat(CLOCKS).hasSize(2).containsOnly(CLOCKS.get(0));
        assertThat(Probe.refused(SEEN.get(0))).isTrue();
    }

    static final Instant FIXED = Instant.parse("2026-03-01T10:00:00Z");

    @ImdsEmulatorTest(clockStart = "2026-03-01T10:00:00Z")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class FixedClockSample {
        private final ManualClock clock;

        FixedClockSample(ManualClock clock) {
            this.clock = clock;
        }

        @Test
        @Order(1)
        void first(ImdsEmulator imds) throws IOException {
            useAndDirty(imds, clock);
        }

        @Test
        @Order(2)
        void second(ImdsEmulator imds) throws IOException {
            useAndDirty(imds, clock);
        }
    }

    static class FixedClockFieldSample {
        @RegisterExtension
        final ImdsEmulatorExtension imds = ImdsEmulatorExtension.builder().clockStart(FIXED)
                .build();

        @Test
        void only(ManualClock clock) {
            CLOCKS.add(clock.instant());
        }
    }

    @ImdsEmulatorTest(clockStart = "tomorrow")
    static class BadClockSample {
        @Test
        void never() {
            // the extension refuses the class before this runs
        }
    }

    @Test
    void clockStart_fixedForEveryTest_byAnnotationOrBuilder() {
        run(FixedClockSample.class).assertStatistics(s -> s.started(2).succeeded(2));
        run(FixedClockFieldSample.class).assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(CLOCKS).containsExactly(FIXED, FIXED, FIXED);
        assertThatThrownBy(() -> ImdsEmulatorExtension.builder().clockStart(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void clockStart_notAnInstant_failsTheClassNamingTheValue() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BadClockSample.class)).execute().allEvents();

        assertThat(events.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse(""))
                .toList()).anyMatch(m -> m.contains("clockStart = \"tomorrow\"")
                        && m.contains("ISO-8601"));
    }

    static class StaticFieldSample {
        @RegisterExtension
        static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

        static URI beforeAll;

        @BeforeAll
        static void beforeAll(ImdsEmulator imds) {
            beforeAll = imds.endpoint();
        }

        @Test
        void first(ManualClock clock) throws IOException {
            assertThat(IMDS.emulator().endpoint()).isEqualTo(beforeAll);
            useAndDirty(IMDS.emulator(), clock);
        }

        @Test
        void second() throws IOException {
            useAndDirty(IMDS.emulator(), IMDS.clock());
        }
    }

    @Test
    void staticField_oneEmulatorForTheClass_injectedIntoBeforeAll() throws IOException {
        run(StaticFieldSample.class).assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SEEN).hasSize(2).containsOnly(StaticFieldSample.beforeAll);
        assertThat(CLOCKS).containsOnly(CLOCKS.get(0));
        assertThat(Probe.refused(SEEN.get(0))).isTrue();
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class InstanceFieldSample {
        @RegisterExtension
        final ImdsEmulatorExtension imds = ImdsEmulatorExtension.create();

        @Test
        @Order(1)
        void first(ImdsEmulator emulator, ManualClock clock) throws IOException {
            assertThat(imds.emulator()).isSameAs(emulator);
            useAndDirty(emulator, clock);
        }

        @Test
        @Order(2)
        void second(ImdsEmulator emulator, ManualClock clock) throws IOException {
            assertThat(Probe.refused(SEEN.get(0))).isTrue();
            useAndDirty(emulator, clock);
        }
    }

    @Test
    void instanceField_newEmulatorPerTest_eachClosedAfterItsTest() throws IOException {
        run(InstanceFieldSample.class).assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        assertThat(Probe.refused(SEEN.get(1))).isTrue();
    }

    @ImdsEmulatorTest(config = "imds4j-junit-test.json")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ConfiguredSample {
        @Test
        @Order(1)
        void first(ImdsEmulator imds) throws IOException {
            assertThat(Probe.get(imds.endpoint(), "/latest/meta-data/instance-type"))
                    .isEqualTo("t4g.nano");
            imds.put("/latest/meta-data/instance-type", "x1e.32xlarge");
        }

        @Test
        @Order(2)
        void second(ImdsEmulator imds) throws IOException {
            assertThat(Probe.get(imds.endpoint(), "/latest/meta-data/instance-type"))
                    .isEqualTo("t4g.nano");
        }
    }

    @Test
    void annotationConfig_appliedAtStartAndAfterEachReset() {
        run(ConfiguredSample.class).assertStatistics(s -> s.started(2).succeeded(2));
    }

    @ImdsEmulatorTest(config = "no-such-resource.json")
    static class MissingConfigSample {
        @Test
        void never() {
        }
    }

    @Test
    void annotationConfig_missingResource_failsNamingIt() {
        Events container = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(MissingConfigSample.class)).execute().containerEvents();

        container.assertStatistics(s -> s.failed(1));
        assertThat(container.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                .getThrowable().orElseThrow())
                .hasMessageContaining("no-such-resource.json");
    }

    static class BuilderConfigSample {
        @RegisterExtension
        static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.builder()
                .config(java.nio.file.Path.of("src/test/resources/imds4j-junit-test.json"))
                .build();

        @Test
        void configured() throws IOException {
            assertThat(Probe.get(IMDS.emulator().endpoint(), "/latest/meta-data/instance-type"))
                    .isEqualTo("t4g.nano");
        }
    }

    @Test
    void builderConfig_applied() {
        run(BuilderConfigSample.class).assertStatistics(s -> s.started(1).succeeded(1));
    }

    @ImdsEmulatorTest
    static class NestedSample {
        @Test
        void outer(ImdsEmulator imds, ManualClock clock) throws IOException {
            useAndDirty(imds, clock);
        }

        @Nested
        class Inner {
            @Test
            void inner(ImdsEmulator imds, ManualClock clock) throws IOException {
                useAndDirty(imds, clock);
            }
        }
    }

    @Test
    void nested_sharesTheOuterEmulator_resetForEachTest() throws IOException {
        run(NestedSample.class).assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(SEEN).hasSize(2).containsOnly(SEEN.get(0));
        assertThat(Probe.refused(SEEN.get(0))).isTrue();
    }

    @Test
    void accessors_outsideATest_throw() {
        ImdsEmulatorExtension idle = ImdsEmulatorExtension.create();

        assertThatThrownBy(idle::emulator).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no emulator is running");
        assertThatThrownBy(idle::clock).isInstanceOf(IllegalStateException.class);
    }
}
