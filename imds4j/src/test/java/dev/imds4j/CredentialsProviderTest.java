/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.RecordedRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ImdsEmulatorTest(clockStart = "2026-03-01T10:00:00Z")
final class CredentialsProviderTest {
    private static final String MD = "/latest/meta-data/";
    private static final String EXTENDED = MD + "iam/security-credentials-extended/";
    private static final String LEGACY = MD + "iam/security-credentials/";
    private static final String ROLE = "imds4j-demo-role";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final CapturingLogger log = new CapturingLogger();
    private final ImdsEmulator emulator;
    private final ManualClock clock;

    CredentialsProviderTest(ImdsEmulator emulator, ManualClock clock) {
        this.emulator = emulator;
        this.clock = clock;
    }

    private ImdsClient client;

    @BeforeEach
    void start() throws IOException {
        client = Patient.client(emulator.endpoint()).clock(clock)
                .environment(Map.of()).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private ImdsCredentialsProvider provider(ImdsClient c) {
        return ImdsCredentialsProvider.builder(c).clock(clock).logger(log).build();
    }

    private List<String> getPaths() {
        return emulator.requests().stream().filter(r -> r.method().equals("GET"))
                .map(RecordedRequest::path).toList();
    }

    @Test
    void discoversRole_readsExtendedPathWithAccountId() throws Exception {
        InstanceCredentials c = Both.get(() -> provider(client),
                ImdsCredentialsProvider::credentials, ImdsCredentialsProvider::credentialsAsync);

        assertThat(c.roleName()).isEqualTo(ROLE);
        assertThat(c.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(c.secretAccessKey().reveal()).hasSize(40);
        assertThat(c.sessionToken().reveal()).hasSizeGreaterThan(100);
        assertThat(c.expiration()).isEqualTo(T0.plus(Duration.ofHours(6)));
        assertThat(c.lastUpdated()).isEqualTo(T0);
        assertThat(c.accountId()).isEqualTo("123456789012");
        assertThat(c.toString()).doesNotContain(c.secretAccessKey().reveal())
                .doesNotContain(c.sessionToken().reveal()).contains(c.accessKeyId());
        // sync, then async, each on a provider of its own: both discover the role cold
        assertThat(getPaths()).containsExactly(EXTENDED, EXTENDED + ROLE, EXTENDED,
                EXTENDED + ROLE);
    }

    @Test
    void extendedNotOffered_fallsBackToLegacyAndRemembers() throws Exception {
        emulator.extendedCredentials(false);
        ImdsCredentialsProvider p = ImdsCredentialsProvider.builder(client).clock(clock)
                .prefetch(Duration.ZERO).build();

        InstanceCredentials c = p.credentials();
        assertThat(c.accountId()).isNull();
        clock.advance(Duration.ofHours(6));
        p.credentials();

        assertThat(getPaths()).containsExactly(EXTENDED, LEGACY, LEGACY + ROLE, LEGACY + ROLE);
    }

    @Test
    void configuredRole_fromEnvironment_noDiscovery() throws Exception {
        emulator.put(LEGACY + "custom", "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAX\","
                + "\"SecretAccessKey\":\"s3cr3t-s3cr3t\",\"Token\":\"t0k3n-t0k3n\","
                + "\"Expiration\":\"2026-03-01T16:00:00Z\"}");
        try (ImdsClient c = Patient.client(emulator.endpoint()).clock(clock)
                .environment(Map.of("AWS_EC2_INSTANCE_PROFILE_NAME", "custom")).build()) {
            InstanceCredentials creds = provider(c).credentials();
            assertThat(creds.roleName()).isEqualTo("custom");
            assertThat(creds.accessKeyId()).isEqualTo("ASIAX");
        }
        assertThat(getPaths()).containsExactly(EXTENDED + "custom", LEGACY + "custom");
    }

    @Test
    void keysInAnyCase() throws Exception {
        emulator.extendedCredentials(false).put(LEGACY + ROLE, "{\"code\":\"Success\","
                + "\"accesskeyid\":\"ASIALOWER\",\"SECRETACCESSKEY\":\"secret-value-1\","
                + "\"token\":\"token-value-1\",\"expiration\":\"2026-03-01T12:00:00Z\","
                + "\"accountid\":\"999\"}");
        InstanceCredentials c = provider(client).credentials();
        assertThat(c.accessKeyId()).isEqualTo("ASIALOWER");
        assertThat(c.secretAccessKey().reveal()).isEqualTo("secret-value-1");
        assertThat(c.accountId()).isEqualTo("999");
    }

    @Test
    void secretTwice_refused_quotingNeither() throws Exception {
        String first = "first-secret-value-1";
        String second = "second-secret-value-2";
        String body = "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAX\",\"SecretAccessKey\":\""
                + first + "\",\"Token\":\"token-value\",\"Expiration\":"
                + "\"2026-03-01T12:00:00Z\",\"SecretAccessKey\":\"" + second + "\"}";
        emulator.extendedCredentials(false).put(LEGACY + ROLE, body);
        ImdsException exact = Both.failure(() -> provider(client),
                ImdsCredentialsProvider::credentials, ImdsCredentialsProvider::credentialsAsync);
        int column = body.lastIndexOf("\"SecretAccessKey\"") + 1;
        assertThat(exact).isInstanceOf(ImdsResponseException.class)
                .hasMessageEndingWith(LEGACY + ROLE + " at " + emulator.endpoint()
                        + ": malformed JSON at line 1, column " + column + ": duplicate key");

        // keys match in any case here, so another spelling is the same field twice
        emulator.put(LEGACY + ROLE, body.replace(",\"SecretAccessKey\":\"" + second,
                ",\"secretaccesskey\":\"" + second));
        ImdsException anyCase = Both.failure(() -> provider(client),
                ImdsCredentialsProvider::credentials, ImdsCredentialsProvider::credentialsAsync);
        assertThat(anyCase).isInstanceOf(ImdsResponseException.class)
                .hasMessageEndingWith(": field SecretAccessKey appears more than once, in "
                        + "different cases");
        for (ImdsException e : List.of(exact, anyCase)) {
            assertThat(e.getMessage()).doesNotContain(first).doesNotContain(second)
                    .doesNotContain("token-value");
            assertThat(e.toString()).doesNotContain(first).doesNotContain(second);
        }
    }

    @Test
    void codeOtherThanSuccess_errorWithCodeAndMessage() throws Exception {
        emulator.extendedCredentials(false).put(LEGACY + ROLE, "{\"Code\":"
                + "\"AssumeRoleUnauthorizedAccess\",\"Message\":\"EC2 cannot assume the role\","
                + "\"LastUpdated\":\"2026-03-01T10:00:00Z\"}");
        assertThat(Both.failure(() -> provider(client), ImdsCredentialsProvider::credentials,
                ImdsCredentialsProvider::credentialsAsync))
                .isInstanceOf(ImdsResponseException.class)
                .hasMessageEndingWith("IMDS reports Code AssumeRoleUnauthorizedAccess: EC2 cannot "
                        + "assume the role");
    }

    @Test
    void concurrentCallers_oneRefresh() throws Exception {
        ImdsCredentialsProvider p = provider(client);
        emulator.addFault(dev.imds4j.emulator.Fault.latency(Duration.ofMillis(200))
                .onPath(EXTENDED + ROLE));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch ready = new CountDownLatch(64);
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                keys.add(pool.submit((Callable<String>) () -> {
                    ready.countDown();
                    ready.await();
                    return p.credentials().accessKeyId();
                }));
            }
            String first = keys.get(0).get(30, TimeUnit.SECONDS);
            for (Future<String> k : keys) {
                assertThat(k.get(30, TimeUnit.SECONDS)).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(getPaths()).containsExactly(EXTENDED, EXTENDED + ROLE);
    }

    @Test
    void prefetch_refreshesBeforeExpiry_byTheInjectedClock() throws Exception {
        ImdsCredentialsProvider p = ImdsCredentialsProvider.builder(client).clock(clock)
                .prefetch(Duration.ofMinutes(10)).build();
        InstanceCredentials first = p.credentials();
        // the emulator rotates hourly; expiry is 6 h after issue; refresh at expiry - 10 min
        clock.advance(Duration.ofHours(6).minusMinutes(10).minusSeconds(1));
        assertThat(p.credentials()).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        InstanceCredentials second = p.credentials();

        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(getPaths()).containsExactly(EXTENDED, EXTENDED + ROLE, EXTENDED + ROLE);
    }

    @Test
    void staticStability_extendsExpiredCredentialsWhenImdsFails() throws Exception {
        ImdsCredentialsProvider p = provider(client);
        InstanceCredentials first = p.credentials();
        emulator.httpEndpoint(false);
        clock.advance(Duration.ofHours(7));

        InstanceCredentials extended = p.credentials();
        assertThat(extended.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(extended.expiration()).isBetween(clock.instant().plusSeconds(300),
                clock.instant().plusSeconds(600));
        assertThat(log.lines).singleElement().asString()
                .startsWith("WARNING could not refresh credentials for role " + ROLE)
                .contains("403 Forbidden").doesNotContain(first.secretAccessKey().reveal());

        int requests = (int) emulator.requestCount();
        assertThat(p.credentials()).isSameAs(extended); // no retry storm: next try in a minute
        assertThat(emulator.requestCount()).isEqualTo(requests);
        emulator.httpEndpoint(true);
        clock.advance(Duration.ofMinutes(1));
        assertThat(p.credentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
    }

    @Test
    void nothingCached_failureThrown() {
        emulator.httpEndpoint(false);
        ImdsCredentialsProvider p = provider(client);
        assertThatThrownBy(p::credentials).isInstanceOf(ImdsStatusException.class)
                .hasMessageContaining("403");
    }

    @Test
    void imdsReturnsExpiredCredentials_extendedWithWarning() throws Exception {
        emulator.extendedCredentials(false).put(LEGACY + ROLE, "{\"Code\":\"Success\","
                + "\"AccessKeyId\":\"ASIAOLD\",\"SecretAccessKey\":\"secret-old-1\","
                + "\"Token\":\"token-old-1\",\"Expiration\":\"2026-03-01T09:00:00Z\"}");
        InstanceCredentials c = provider(client).credentials();
        assertThat(c.expiration()).isAfter(T0.plusSeconds(299));
        assertThat(log.lines).singleElement().asString().contains("that expired at");
    }

    @Test
    void disabled_refusesWithoutTraffic() throws Exception {
        try (ImdsClient c = Patient.client(emulator.endpoint())
                .environment(Map.of("AWS_EC2_METADATA_DISABLED", "TRUE")).build()) {
            assertThat(Both.failure(() -> provider(c), ImdsCredentialsProvider::credentials,
                    ImdsCredentialsProvider::credentialsAsync))
                    .isInstanceOf(ImdsDisabledException.class)
                    .hasMessageContaining("AWS_EC2_METADATA_DISABLED");
        }
        assertThat(emulator.requestCount()).isZero();
    }

    @Test
    void noRole_saysSo() throws Exception {
        emulator.remove(MD + "iam/security-credentials")
                .remove(MD + "iam/security-credentials-extended");
        assertThat(Both.failure(() -> provider(client), ImdsCredentialsProvider::credentials,
                ImdsCredentialsProvider::credentialsAsync))
                .isInstanceOf(ImdsStatusException.class).hasMessageContaining("404");
    }

    @Test
    void regionProvider_cachedAfterFirstSuccess_failureNotCached() throws Exception {
        ImdsRegionProvider regions = ImdsRegionProvider.create(client);
        emulator.addFault(dev.imds4j.emulator.Fault.status(404).onPath(MD + "placement/region"));
        assertThatThrownBy(regions::region).isInstanceOf(ImdsStatusException.class);

        assertThat(regions.region()).isEqualTo("eu-west-1");
        long requests = emulator.requestCount();
        assertThat(regions.region()).isEqualTo("eu-west-1");
        assertThat(regions.regionAsync().get(30, TimeUnit.SECONDS)).isEqualTo("eu-west-1");
        assertThat(emulator.requestCount()).isEqualTo(requests);
        // cold, each way on a provider of its own
        assertThat(Both.get(() -> ImdsRegionProvider.create(client), ImdsRegionProvider::region,
                ImdsRegionProvider::regionAsync)).isEqualTo("eu-west-1");
    }

    @Test
    void role_fromTheBuilder_winsOverDiscovery_andIsChecked() throws Exception {
        emulator.put(EXTENDED + "other-role", "{\"Code\":\"Success\",\"AccessKeyId\":"
                + "\"ASIAOTHER\",\"SecretAccessKey\":\"s\",\"Token\":\"t\",\"Expiration\":"
                + "\"2026-03-01T16:00:00Z\"}");
        ImdsCredentialsProvider p = ImdsCredentialsProvider.builder(client).clock(clock)
                .role("other-role").build();

        assertThat(p.credentials().roleName()).isEqualTo("other-role");
        assertThat(p.credentials().accessKeyId()).isEqualTo("ASIAOTHER");
        assertThat(getPaths()).containsExactly(EXTENDED + "other-role");
        for (String bad : new String[] {"", "..", "a/b", "a b", "a?b", "a%2e"}) {
            assertThatThrownBy(() -> ImdsCredentialsProvider.builder(client).role(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("role: not an IAM role name");
        }
    }
}
