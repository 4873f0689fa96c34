/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up the emulator's own tests share (they cannot use imds4j-junit, which depends on this
 * module): a new emulator for each test on a {@link ManualClock} at {@link #T0}, or at the
 * current second, and GETs that carry a session token (TTL 6 h) fetched on first use, so that a
 * test that never asks for one finds only its own requests in the journal. Register it on an
 * instance field with {@code @RegisterExtension}.
 */
final class EmulatorFixture implements BeforeEachCallback, AfterEachCallback {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final Supplier<Instant> start;
    private ManualClock clock;
    private ImdsEmulator emulator;
    private String token;

    /** An emulator whose clock starts at {@link #T0}. */
    EmulatorFixture() {
        this(() -> T0);
    }

    private EmulatorFixture(Supplier<Instant> start) {
        this.start = start;
    }

    /**
     * An emulator whose clock starts at the current second, for clients that judge what it
     * serves (credential expiry) by their own system clock, such as other SDKs.
     */
    static EmulatorFixture atTheCurrentTime() {
        return new EmulatorFixture(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        clock = ManualClock.startingAt(start.get());
        emulator = ImdsEmulator.builder().clock(clock).start();
        token = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        emulator.close();
    }

    ImdsEmulator emulator() {
        return emulator;
    }

    ManualClock clock() {
        return clock;
    }

    URI endpoint() {
        return emulator.endpoint();
    }

    /** The session token for GETs, fetched (a PUT in the journal) on first use. */
    String token() throws IOException {
        if (token == null) {
            token = RawHttp.token(emulator.endpoint(), 21600);
        }
        return token;
    }

    /** Fetches a new token for later GETs, as needed after a reset forgets the old one. */
    void renewToken() throws IOException {
        token = RawHttp.token(emulator.endpoint(), 21600);
    }

    /** A GET with the token, on a new connection. */
    RawHttp.Response get(String path) throws IOException {
        return RawHttp.get(emulator.endpoint(), path, token());
    }

    /** The text served at {@code path}, which must answer 200. */
    String text(String path) throws IOException {
        RawHttp.Response r = get(path);
        assertThat(r.status()).as("GET %s", path).isEqualTo(200);
        return r.text();
    }

    /** The JSON object served at {@code path}, which must answer 200. */
    Map<String, Object> json(String path) throws IOException {
        return JSON.std.mapFrom(text(path));
    }
}
