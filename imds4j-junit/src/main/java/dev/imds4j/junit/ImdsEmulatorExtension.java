/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.junit;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit Jupiter extension that runs an IMDSv2 emulator on a free loopback port and a {@link
 * ManualClock} starting at the current second, or at a fixed instant ({@link
 * Builder#clockStart(Instant)}, {@link ImdsEmulatorTest#clockStart()}).
 *
 * <p>Registered on a {@code static} field, one emulator serves the whole class and is reset
 * (instance, options, faults, journal and clock) before each test; on an instance field, each test
 * gets a new one. Either way the emulator is closed through JUnit's extension store when its
 * scope ends. Methods receive {@link ImdsEmulator} and {@link ManualClock} parameters. A
 * class-wide emulator is shared state: do not run that class's tests concurrently.
 *
 * <pre>{@code
 * class CredentialsTest {
 *     @RegisterExtension
 *     static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.builder()
 *             .config(Path.of("src/test/resources/imds.json"))
 *             .build();
 *
 *     @Test
 *     void rotates(ManualClock clock) {
 *         URI endpoint = IMDS.emulator().endpoint();
 *         clock.advance(Duration.ofHours(1));
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. The public no-argument constructor is for {@link ImdsEmulatorTest} and
 * {@code @ExtendWith}; code should call {@link #create()} or {@link #builder()}.
 */
public final class ImdsEmulatorExtension
        implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ImdsEmulatorExtension.class);

    private final Path configFile;
    private final Instant clockStart;
    private volatile Running current;

    /** For {@code @ExtendWith}: options come from an {@link ImdsEmulatorTest}, if any. */
    public ImdsEmulatorExtension() {
        this(null, null);
    }

    private ImdsEmulatorExtension(Path configFile, Instant clockStart) {
        this.configFile = configFile;
        this.clockStart = clockStart;
    }

    /**
     * Returns an extension with default options.
     *
     * @return a new extension
     */
    public static ImdsEmulatorExtension create() {
        return new ImdsEmulatorExtension();
    }

    /**
     * Returns a builder for an extension with options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the emulator of the running test (or class).
     *
     * @return the emulator
     * @throws IllegalStateException outside a test or class this extension runs for
     */
    public ImdsEmulator emulator() {
        return running().emulator;
    }

    /**
     * Returns the clock the current emulator follows.
     *
     * @return the clock
     * @throws IllegalStateException outside a test or class this extension runs for
     */
    public ManualClock clock() {
        return running().clock;
    }

    private Running running() {
        Running r = current;
        if (r == null) {
            throw new IllegalStateException("no emulator is running: ImdsEmulatorExtension starts "
                    + "one before all tests (static field) or before each test (instance field)");
        }
        return r;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (find(context) == null) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Running shared = find(context);
        if (shared == null) {
            start(context);
        } else {
            shared.reset();
            current = shared;
        }
    }

    private Running find(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(this, Running.class);
    }

    private void start(ExtensionContext context) {
        Path config = configFor(context);
        Running r;
        try {
            r = new Running(config, clockStartFor(context));
        } finally {
            if (config != null && config != configFile) {
                deleteCopy(config);
            }
        }
        context.getStore(NAMESPACE).put(this, r);
        current = r;
    }

    private static void deleteCopy(Path copy) {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            copy.toFile().deleteOnExit();
        }
    }

    /** The clock's start: the builder's, the annotation's, else null for the current second. */
    private Instant clockStartFor(ExtensionContext context) {
        if (clockStart != null) {
            return clockStart;
        }
        String text = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, ImdsEmulatorTest.class))
                .map(ImdsEmulatorTest::clockStart)
                .orElse("");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@ImdsEmulatorTest(clockStart = \"" + text
                    + "\"): not an ISO-8601 instant such as 2026-03-01T10:00:00Z", e);
        }
    }

    /** The configuration file: the builder's, or a temporary copy of the annotation's resource. */
    private Path configFor(ExtensionContext context) {
        if (configFile != null) {
            return configFile;
        }
        String resource = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, ImdsEmulatorTest.class))
                .map(ImdsEmulatorTest::config)
                .orElse("");
        if (resource.isEmpty()) {
            return null;
        }
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ExtensionConfigurationException(
                        "@ImdsEmulatorTest(config = \"" + resource + "\"): no such resource");
            }
            Path copy = Files.createTempFile("imds4j-emulator-", ".json");
            Files.write(copy, in.readAllBytes());
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ImdsEmulator.class || type == ManualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running r = find(context);
        if (r == null) {
            throw new ParameterResolutionException("no emulator is running for "
                    + parameter.getDeclaringExecutable() + ": an instance-field extension starts "
                    + "one per test, so it cannot be injected into constructors or @BeforeAll");
        }
        return parameter.getParameter().getType() == ImdsEmulator.class ? r.emulator : r.clock;
    }

    /** An emulator, its clock and where the clock started; closed by JUnit with its store. */
    private static final class Running implements AutoCloseable {
        final ManualClock clock;
        final Instant start;
        final ImdsEmulator emulator;

        Running(Path config, Instant clockStart) {
            start = clockStart != null ? clockStart : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            clock = ManualClock.startingAt(start);
            ImdsEmulator.Builder b = ImdsEmulator.builder().clock(clock);
            if (config != null) {
                b.config(config);
            }
            try {
                emulator = b.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the IMDS emulator", e);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
        }

        void reset() {
            clock.set(start);
            emulator.reset();
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** Options for an {@link ImdsEmulatorExtension}. Not thread-safe. */
    public static final class Builder {
        private Path config;
        private Instant clockStart;

        private Builder() {}

        /**
         * Sets where the emulator's clock starts, and goes back to before every test.
         *
         * @param instant the start; by default the current second when the emulator starts
         * @return this builder
         */
        public Builder clockStart(Instant instant) {
            this.clockStart = Objects.requireNonNull(instant, "instant");
            return this;
        }

        /**
         * Sets the emulator's JSON configuration file (format in {@link dev.imds4j.emulator}).
         *
         * @param file the file; none by default
         * @return this builder
         */
        public Builder config(Path file) {
            this.config = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Returns the extension.
         *
         * @return a new extension with these options
         */
        public ImdsEmulatorExtension build() {
            return new ImdsEmulatorExtension(config, clockStart);
        }
    }
}
