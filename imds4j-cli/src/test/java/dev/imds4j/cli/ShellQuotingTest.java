/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code eval "$(imds credentials --format env)"} in real shells (dash as sh, and bash), with
 * credentials built to break out of any quoting: each must come back byte for byte, exported,
 * and nothing in them may run.
 */
@Timeout(120)
@ImdsEmulatorTest
final class ShellQuotingTest {
    private static final String ACCESS_KEY = "ASIA'; touch pwned-1; echo '";
    private static final String SECRET = "s3cr3t; touch pwned-2\n$(touch pwned-3)"
            + "`touch pwned-4` \"dq\" \\back\\slash\\ $HOME ${PATH} * ? [a] ~ ! # % & | < >"
            + " 'sq' '\\'' \t tab é ✓ -n";
    private static final String TOKEN = "'\"'\"'$(touch pwned-5)'\n\n\\\n'";

    @TempDir
    Path dir;

    private final ImdsEmulator emulator;
    private String expiration;

    ShellQuotingTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void serveHostileCredentials() throws Exception {
        emulator.extendedCredentials(false);
        // served with an offset and a fraction, which an Instant would print otherwise
        expiration = OffsetDateTime.now(ZoneOffset.ofHours(1)).plusHours(1)
                .truncatedTo(ChronoUnit.SECONDS).plusNanos(123_000_000)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("Code", "Success");
        creds.put("Type", "AWS-HMAC");
        creds.put("AccessKeyId", ACCESS_KEY);
        creds.put("SecretAccessKey", SECRET);
        creds.put("Token", TOKEN);
        creds.put("Expiration", expiration);
        emulator.put("/latest/meta-data/iam/security-credentials/imds4j-demo-role",
                JSON.std.asString(creds));
        Shell.installImds(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh", "bash"})
    void evalEnvFormat_givesTheServedValues_runsNothing(String shell) throws Exception {
        String script = """
                eval "$(imds --endpoint "$ENDPOINT" credentials --format env)" || exit 9
                printf %s "$AWS_ACCESS_KEY_ID" > out-id
                printf %s "$AWS_SECRET_ACCESS_KEY" > out-secret
                printf %s "$AWS_SESSION_TOKEN" > out-token
                printf %s "$AWS_CREDENTIAL_EXPIRATION" > out-expiration
                sh -c 'printf %s "$AWS_SECRET_ACCESS_KEY"' > out-exported
                """;
        Map<String, String> env = new java.util.HashMap<>(Shell.environment(dir));
        env.put("ENDPOINT", emulator.endpoint().toString());
        int code;
        try (Shell sh = Shell.pipe(dir, env, shell, "-c", script)) {
            code = sh.exit(Duration.ofSeconds(60));
            assertThat(code).as(sh.output()).isZero();
        }
        assertThat(read("out-id")).isEqualTo(ACCESS_KEY);
        assertThat(read("out-secret")).isEqualTo(SECRET);
        assertThat(read("out-token")).isEqualTo(TOKEN);
        assertThat(read("out-expiration")).isEqualTo(expiration);
        assertThat(read("out-exported")).isEqualTo(SECRET);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("pwned"));
        }
    }

    @Test
    void envFormat_singleQuotesEachValue() {
        CliRun r = CliRun.run(CliRun.PATIENT, "--endpoint", emulator.endpoint().toString(),
                "credentials", "--format", "env");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo("export AWS_ACCESS_KEY_ID='ASIA'\\''; touch pwned-1; "
                + "echo '\\'''\n"
                + "export AWS_SECRET_ACCESS_KEY='" + SECRET.replace("'", "'\\''") + "'\n"
                + "export AWS_SESSION_TOKEN='" + TOKEN.replace("'", "'\\''") + "'\n"
                + "export AWS_CREDENTIAL_EXPIRATION='" + expiration + "'\n");
    }

    @Test
    void everyFormat_expirationExactlyAsServed() throws Exception {
        assertThat(expiration).endsWith(".123+01:00");
        String endpoint = emulator.endpoint().toString();
        for (String[] line : new String[][] {{"--format", "credential-process"},
            {"--format", "json"}, {"--json"}}) {
            CliRun r = CliRun.run(CliRun.PATIENT, "--endpoint", endpoint, "credentials",
                    line[0], line.length > 1 ? line[1] : "--json");
            assertThat(r.code()).as(r.stderr()).isZero();
            assertThat(JSON.std.mapFrom(r.out())).as(String.join(" ", line))
                    .containsEntry("Expiration", expiration);
        }
        assertThat(CliRun.run(CliRun.PATIENT, "--endpoint", endpoint, "credentials").out())
                .contains("expiration:    " + expiration + "\n");
    }

    @Test
    void envFormat_nulInAValue_refusedNotCut() throws Exception {
        emulator.put("/latest/meta-data/iam/security-credentials/imds4j-demo-role",
                "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIA\",\"SecretAccessKey\":"
                        + "\"before\\u0000; touch pwned\",\"Token\":\"t\",\"Expiration\":\""
                        + expiration + "\"}");
        CliRun r = CliRun.run(CliRun.PATIENT, "--endpoint", emulator.endpoint().toString(),
                "credentials", "--format", "env");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("imds: a credential value holds a NUL character, "
                + "which no shell variable can hold; refusing to print it for a shell\n");
    }

    private String read(String name) throws Exception {
        return new String(Files.readAllBytes(dir.resolve(name)), UTF_8);
    }
}
