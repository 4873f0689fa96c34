/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs one IMDSv2 emulator for the annotated test class, on a free loopback port and a {@link
 * dev.imds4j.emulator.ManualClock}, reset before every test. Test and lifecycle methods (and
 * constructors) receive it as an {@link dev.imds4j.emulator.ImdsEmulator} parameter, and its
 * clock as a {@code ManualClock} parameter. {@code @Nested} classes share the outer emulator.
 *
 * <pre>{@code
 * @ImdsEmulatorTest
 * class RegionTest {
 *     @Test
 *     void readsRegion(ImdsEmulator imds) {
 *         imds.put("/latest/meta-data/placement/region", "eu-north-1");
 *         // ... a client built with imds.endpoint()
 *     }
 * }
 * }</pre>
 *
 * <p>For an emulator per test, or options such as a configuration file in code, register an
 * {@link ImdsEmulatorExtension} field instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ImdsEmulatorExtension.class)
public @interface ImdsEmulatorTest {
    /**
     * A classpath resource holding the emulator's JSON configuration (format in {@link
     * dev.imds4j.emulator}), applied at start and after every reset.
     *
     * @return the resource name, such as {@code imds/spot.json}; empty (the default) for none
     */
    String config() default "";

    /**
     * Where the emulator's clock starts, and goes back to before every test: an ISO-8601
     * instant such as {@code 2026-03-01T10:00:00Z}, for tests that assert exact times (token
     * and credential expiry, notice times).
     *
     * @return the instant; empty (the default) for the current second when the emulator starts
     */
    String clockStart() default "";
}
