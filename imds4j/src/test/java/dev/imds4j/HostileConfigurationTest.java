/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property tests over hostile configuration: random profile files, and random values for every
 * setting from the builder, the environment and the config file. The only outcomes allowed are
 * a client, or a documented exception whose message names where the bad value came from.
 *
 * <p>Inputs come from a seeded generator (seed printed; rerun one with {@code
 * -Dimds4j.seed=N}). jqwik was the first choice; its 1.10 releases ask AI agents not to use
 * them, and 1.9 needs JUnit Platform 1.x while this build is on JUnit 6.
 */
final class HostileConfigurationTest {
    private static final int TRIES = 3000;
    private static final String[] PIECES = {"", " ", "\t", "=", "[", "]", "#", ";", "\n", "\r\n",
        "default", "profile", "profile x", "[default]", "[profile x]",
        "ec2_metadata_service_endpoint",
        "ec2_metadata_service_endpoint_mode", "metadata_service_timeout",
        "metadata_service_num_attempts", "http://", "https://", "127.0.0.1", ":", "9", "/",
        "IPv4", "IPv6", "ipv7", "0", "-1", "0.5", "1e3", "99999999999", "3600", "21601", "~",
        "\u0000", "\u00e9", "\u202e", "\ud83d\ude80", "..", "?", "%", "@", "user:pw@", "[::1]",
        "fd00:ec2::254", "\\", "\"", "'"};

    @TempDir
    Path dir;

    private static Random random(String property) {
        long seed = Long.getLong("imds4j.seed", System.nanoTime());
        System.out.println(property + ": seed " + seed);
        return new Random(seed);
    }

    private static String junk(Random r) {
        StringBuilder s = new StringBuilder();
        int parts = r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            s.append(r.nextInt(4) == 0 ? Character.toString(r.nextInt(0x30000))
                    : PIECES[r.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static String line(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return "[" + junk(r) + "]";
            case 1:
                return "  " + junk(r);
            case 2:
                return junk(r) + " = " + junk(r);
            case 3:
                return PIECES[11 + r.nextInt(4)] + " = " + junk(r);
            default:
                return junk(r);
        }
    }

    @Test
    void profileParser_parsesOrNamesFileAndLine() {
        Random r = random("profileParser");
        int[] outcomes = new int[2]; // read, refused: both must be exercised
        for (int i = 0; i < TRIES; i++) {
            StringBuilder text = new StringBuilder();
            int lines = r.nextInt(8);
            for (int l = 0; l < lines; l++) {
                text.append(line(r)).append(r.nextBoolean() ? "\n" : "\r\n");
            }
            try {
                ProfileFile f = ProfileFile.parse(text.toString(), "cfg");
                f.get("default", "ec2_metadata_service_endpoint");
                f.get("x", junk(r));
                outcomes[0]++;
            } catch (ImdsConfigurationException e) {
                assertThat(e.getMessage()).as("input %s", List.of(text))
                        .matches("AWS config file cfg, line \\d+: .*");
                outcomes[1]++;
            } catch (RuntimeException e) {
                fail("undocumented exception for input " + List.of(text), e);
            }
        }
        assertThat(outcomes).as("files read, files refused").doesNotContain(0);
    }

    private static final String[] VARIABLES = {"AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_METADATA_SERVICE_TIMEOUT",
        "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "AWS_EC2_METADATA_DISABLED",
        "AWS_EC2_INSTANCE_PROFILE_NAME"};
    private static final String[] KEYS = {"ec2_metadata_service_endpoint",
        "ec2_metadata_service_endpoint_mode", "metadata_service_timeout",
        "metadata_service_num_attempts", "ec2_instance_profile_name"};

    @Test
    void environmentAndProfileValues_buildOrNameTheSource() throws IOException {
        Random r = random("environmentAndProfile");
        Path file = dir.resolve("config");
        int[] outcomes = new int[2]; // built, refused: both must be exercised
        for (int i = 0; i < TRIES; i++) {
            StringBuilder cfg = new StringBuilder("[default]\n");
            for (String key : KEYS) {
                if (r.nextBoolean()) {
                    cfg.append(key).append(" = ").append(junk(r).replaceAll("[\r\n]", ""))
                            .append('\n');
                }
            }
            byte[] bytes = cfg.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (r.nextInt(20) == 0) {
                bytes[r.nextInt(bytes.length)] = (byte) (0x80 + r.nextInt(0x80));
            }
            Files.write(file, bytes);
            Map<String, String> env = new HashMap<>();
            env.put("AWS_CONFIG_FILE", file.toString());
            for (String variable : VARIABLES) {
                if (r.nextInt(3) == 0) {
                    env.put(variable, junk(r));
                }
            }
            if (r.nextInt(10) == 0) {
                env.put("AWS_PROFILE", junk(r));
            }
            try (ImdsClient c = ImdsClient.builder().environment(env).build()) {
                assertThat(c.endpoint().getScheme()).isIn("http", "https");
                assertThat(c.config().maxAttempts().value()).isBetween(1, 20);
                assertThat(c.config().connectTimeout().value())
                        .isBetween(Duration.ofNanos(1), Duration.ofHours(1));
                outcomes[0]++;
            } catch (ImdsConfigurationException e) {
                String quoted = java.util.regex.Pattern.quote(file.toString());
                assertThat(e.getMessage()).as("env %s, file %s", env, List.of(cfg))
                        .matches("(?s)invalid value '.*' from (environment variable [A-Z_0-9]+"
                                + "|" + quoted + ", profile .*, key [a-z_0-9]+): expected .*"
                                + "|AWS config file " + quoted + " is not UTF-8 text");
                assertThat(e.getMessage()).doesNotContain("\n");
                outcomes[1]++;
            } catch (RuntimeException e) {
                fail("undocumented exception for env " + env + ", file " + List.of(cfg), e);
            }
        }
        assertThat(outcomes).as("clients built, settings refused").doesNotContain(0);
    }

    @Test
    void builderValues_acceptedOrRejectedNamingTheSetter() {
        Random r = random("builder");
        int[] outcomes = new int[2]; // accepted, rejected: both must be exercised
        for (int i = 0; i < TRIES; i++) {
            ImdsClient.Builder b = ImdsClient.builder().environment(Map.of());
            String input = junk(r);
            long number = r.nextBoolean() ? r.nextInt(50) - 10 : r.nextLong();
            Duration max = Duration.ofMillis(r.nextInt(2000));
            int setter = r.nextInt(8);
            String name = new String[] {"endpoint", "tokenTtl", "maxAttempts", "connectTimeout",
                "readTimeout", "operationTimeout", "profile", "retryBackoff"}[setter];
            try {
                Object given = switch (setter) {
                    case 0 -> input;
                    case 1 -> Duration.ofMillis(number);
                    case 2 -> (int) number;
                    case 3 -> Duration.ofMillis(number);
                    case 4 -> Duration.ofNanos(number);
                    case 5 -> Duration.ofSeconds(number % 100_000);
                    case 6 -> input.strip();
                    default -> Duration.ofMillis(number);
                };
                switch (setter) {
                    case 0 -> b.endpoint(input);
                    case 1 -> b.tokenTtl((Duration) given);
                    case 2 -> b.maxAttempts((Integer) given);
                    case 3 -> b.connectTimeout((Duration) given);
                    case 4 -> b.readTimeout((Duration) given);
                    case 5 -> b.operationTimeout((Duration) given);
                    case 6 -> b.profile(input);
                    default -> b.retryBackoff((Duration) given, max);
                }
                try (ImdsClient c = b.build()) {
                    ImdsConfig config = c.config();
                    Setting<?> kept = switch (setter) {
                        case 0 -> config.endpoint();
                        case 1 -> config.tokenTtl();
                        case 2 -> config.maxAttempts();
                        case 3 -> config.connectTimeout();
                        case 4 -> config.readTimeout();
                        case 5 -> config.operationTimeout();
                        case 6 -> config.profile();
                        default -> config.retryBackoffBase();
                    };
                    // an accepted value is the one the client runs with, from the builder
                    assertThat(kept.source()).as("%s(%s / %d)", name, input, number)
                            .isEqualTo(Source.BUILDER);
                    if (setter != 0) { // an endpoint is kept normalised
                        assertThat(kept.value()).as("%s(%s / %d)", name, input, number)
                                .isEqualTo(given);
                    }
                    if (setter == 7) {
                        assertThat(config.retryBackoffMax().value()).isEqualTo(max);
                    }
                }
                outcomes[0]++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as("%s(%s / %d)", name, input, number)
                        .startsWith(name + ":");
                outcomes[1]++;
            } catch (RuntimeException e) {
                fail("undocumented exception from " + name + "(" + input + " / " + number + ")",
                        e);
            }
        }
        assertThat(outcomes).as("values accepted, values rejected").doesNotContain(0);
    }
}
