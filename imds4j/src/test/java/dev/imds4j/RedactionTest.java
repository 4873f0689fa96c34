/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the client through success and every failure with credentials in play, captures every log
 * record at every level, every exception message and cause, and every {@code toString}, and
 * checks that no session token, secret key or session credential appears in any of them.
 */
final class RedactionTest {
    private static final String ROLE =
            "/latest/meta-data/iam/security-credentials/imds4j-demo-role";

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger root = Logger.getLogger("");
    private Level rootLevel;

    @BeforeEach
    void captureAllLogs() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void restoreLogs() {
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void noSecretInLogsExceptionsOrToString() throws Exception {
        List<String> texts = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            try (ImdsClient imds = ImdsClient.builder().endpoint(emulator.endpoint())
                    .readTimeout(Duration.ofMillis(150))
                    .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
                for (Mode mode : Mode.values()) {
                    SensitiveString creds = mode.get(imds, ROLE);
                    texts.add(creds.toString());
                    secrets.addAll(jsonValues(creds.reveal(), "SecretAccessKey", "Token"));
                    secrets.add(creds.reveal());

                    List<Fault> faults = List.of(Fault.status(401).onMethod("GET").always(),
                            Fault.status(500).always(), Fault.status(403).onMethod("GET"),
                            Fault.closeConnection().always(), Fault.truncateBody().always(),
                            Fault.stall().onMethod("GET").always(), Fault.tokenPutDrop());
                    for (Fault fault : faults) {
                        emulator.addFault(fault);
                        describe(failure(() -> mode.get(imds, ROLE), fault + " via " + mode),
                                texts);
                        journal(emulator, secrets, texts); // before the reset forgets it
                        emulator.reset();
                    }
                    describe(failure(() -> mode.get(imds, "/latest/meta-data/nothing"),
                            "404 via " + mode), texts);
                }
                texts.add(imds.toString());
                texts.add(imds.config().toString());
            }
            journal(emulator, secrets, texts);
        }
        for (LogRecord r : records) {
            texts.add(new SimpleFormatter().formatMessage(r));
            if (r.getThrown() != null) {
                describe(r.getThrown(), texts);
            }
        }
        assertThat(records).as("DEBUG records were produced").isNotEmpty();
        assertThat(secrets).as("credentials and session tokens").hasSizeGreaterThan(10)
                .allSatisfy(s -> assertThat(s).hasSizeGreaterThan(10));
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    @Test
    void tokensNeverLogged() throws Exception {
        List<String> texts = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint())
                        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
            emulator.addFault(Fault.status(401).onMethod("GET").times(2));
            imds.get("/latest/meta-data/ami-id");
            imds.getAsync("/latest/meta-data/ami-id").get(30, TimeUnit.SECONDS);
            for (RecordedRequest r : emulator.requests()) {
                r.header("X-aws-ec2-metadata-token").ifPresent(tokens::add);
                texts.add(r.toString());
            }
        }
        for (LogRecord r : records) {
            texts.add(new SimpleFormatter().formatMessage(r));
        }
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
        assertThat(records).as("DEBUG records were produced").isNotEmpty();
        for (String text : texts) {
            for (String token : tokens) {
                assertThat(text).doesNotContain(token);
            }
        }
    }

    @Test
    void providersAndTypedMetadata_noSecretAnywhere() throws Exception {
        List<String> texts = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        dev.imds4j.emulator.ManualClock clock = dev.imds4j.emulator.ManualClock.startingAt(
                java.time.Instant.parse("2026-03-01T10:00:00Z"));
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock).start();
                ImdsClient imds = Patient.client(emulator.endpoint()).clock(clock)
                        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
            ImdsCredentialsProvider provider = ImdsCredentialsProvider.builder(imds).clock(clock)
                    .build();
            InstanceCredentials c = provider.credentials();
            secrets.add(c.secretAccessKey().reveal());
            secrets.add(c.sessionToken().reveal());
            texts.add(c.toString());
            texts.add(provider.toString());
            texts.add(provider.credentialsAsync().get(30, TimeUnit.SECONDS).toString());
            InstanceMetadata md = imds.metadata();
            texts.add(md.identityDocument().toString());
            texts.add(md.userData().orElseThrow().toString());
            texts.add(String.valueOf(md.iamInfo()));

            emulator.httpEndpoint(false); // static stability: WARNING records
            clock.advance(Duration.ofHours(7));
            texts.add(provider.credentials().toString());
            for (Both.SyncCall<InstanceMetadata, ?> call : List.<Both.SyncCall<InstanceMetadata,
                    ?>>of(InstanceMetadata::identityDocument, InstanceMetadata::tags,
                    InstanceMetadata::spotInstanceAction, InstanceMetadata::userData,
                    m -> m.list("/latest/"))) {
                describe(failure(() -> call.call(md), "a call with IMDS off"), texts);
            }
            for (RecordedRequest r : emulator.requests()) {
                r.header("X-aws-ec2-metadata-token").ifPresent(secrets::add);
                texts.add(r.toString());
            }
        }
        for (LogRecord r : records) {
            texts.add(new SimpleFormatter().formatMessage(r));
            if (r.getThrown() != null) {
                describe(r.getThrown(), texts);
            }
        }
        assertThat(records).anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getLoggerName().equals(ImdsCredentialsProvider.class.getName()));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(3);
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    /** A call to the client. */
    private interface Failing {
        Object run() throws ImdsException;
    }

    /** What {@code call}, which must fail, threw. */
    private static ImdsException failure(Failing call, String what) {
        try {
            call.run();
        } catch (ImdsException e) {
            return e;
        }
        throw new AssertionError(what + " did not fail");
    }

    /** The session tokens the journal holds, as secrets, and each request's text. */
    private static void journal(ImdsEmulator emulator, Set<String> secrets, List<String> texts) {
        for (RecordedRequest r : emulator.requests()) {
            r.header("X-aws-ec2-metadata-token").ifPresent(secrets::add);
            texts.add(r.toString());
        }
    }

    private static void describe(Throwable e, List<String> texts) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
        }
    }

    private static List<String> jsonValues(String json, String... keys) {
        List<String> values = new ArrayList<>();
        for (String key : keys) {
            Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            assertThat(m.find()).as(key).isTrue();
            values.add(m.group(1));
        }
        return values;
    }
}
