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
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redaction rule from both sides: where secrets are redacted, {@code --show-secrets} shows
 * them, and where a script asks for the credentials by name it gets them exactly.
 */
@ImdsEmulatorTest(clockStart = "2029-12-31T23:00:00Z")
final class RedactionRuleTest {
    private static final String ROLE = "/latest/meta-data/iam/security-credentials/"
            + "imds4j-demo-role";
    private static final byte[] DOCUMENT = ("{\n  \"Code\" : \"Success\",\n  \"AccessKeyId\" : "
            + "\"ASIAEXACT\",\n  \"SecretAccessKey\" : \"secret/+=\\u00e9\",\n  \"Token\" : "
            + "\"token\\\"quoted\\\"\",\n  \"Expiration\" : \"2030-01-01T00:00:00Z\"\n}")
            .getBytes(UTF_8);

    private final ImdsEmulator emulator;

    RedactionRuleTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void serveTheDocument() {
        emulator.extendedCredentials(false).put(ROLE, DOCUMENT);
    }

    private CliRun imds(String... args) {
        CliRun r = CliRun.at(emulator.endpoint(), CliRun.PATIENT, args);
        assertThat(r.code()).as(r.stderr()).isZero();
        return r;
    }

    @Test
    void get_ofTheCredentialsPath_exactBytes() {
        assertThat(imds("get", ROLE).stdout()).isEqualTo(DOCUMENT);
        assertThat(imds("get", "iam/security-credentials/imds4j-demo-role").stdout())
                .isEqualTo(DOCUMENT);
    }

    /** IMDS serves a value asked for with a trailing slash as the value, as a folder path. */
    @Test
    void get_ofAFolderPath_redacted_showSecretsExact() {
        String folder = imds("get", ROLE + "/").out();
        assertThat(folder).contains("\"AccessKeyId\" : \"ASIAEXACT\"")
                .contains("\"SecretAccessKey\" : \"<redacted>\"")
                .contains("\"Token\" : \"<redacted>\"").doesNotContain("secret/");
        assertThat(imds("get", "--show-secrets", ROLE + "/").stdout()).isEqualTo(DOCUMENT);
        assertThat(imds("get", "iam/security-credentials/").out())
                .isEqualTo("imds4j-demo-role");
    }

    @Test
    void getJson_redacted_showSecretsExact() throws IOException {
        Map<String, Object> redacted = JSON.std.mapFrom(imds("get", "--json", ROLE).out());
        assertThat((String) redacted.get(ROLE)).contains("\"SecretAccessKey\" : \"<redacted>\"")
                .doesNotContain("secret/");
        Map<String, Object> shown = JSON.std.mapFrom(imds("get", "--json", "--show-secrets",
                ROLE).out());
        assertThat(shown.get(ROLE)).isEqualTo(new String(DOCUMENT, UTF_8));
    }

    @Test
    void tree_redacted_showSecretsShows() {
        String tree = imds("tree", "/latest/meta-data/iam/").out();
        assertThat(tree).contains(ROLE + " = {\\n  \"Code\" : \"Success\",")
                .contains("\"SecretAccessKey\" : \"<redacted>\"").doesNotContain("secret/");
        assertThat(imds("tree", "--show-secrets", "/latest/meta-data/iam/").out())
                .contains("\"SecretAccessKey\" : \"secret/+=\\\\u00e9\"")
                .contains("\"Token\" : \"token\\\\\"quoted\\\\\"\"");
    }

    @Test
    void credentialsJson_redacted_showSecretsIsFormatJson() throws IOException {
        Map<String, Object> redacted = JSON.std.mapFrom(imds("credentials", "--json").out());
        assertThat(redacted).containsEntry("AccessKeyId", "ASIAEXACT")
                .containsEntry("SecretAccessKey", "<redacted>")
                .containsEntry("Token", "<redacted>");
        assertThat(imds("credentials", "--json", "--show-secrets").out())
                .isEqualTo(imds("credentials", "--format", "json").out())
                .contains("\"SecretAccessKey\" : \"secret/+=\u00e9\"");
        CliRun alone = CliRun.run(CliRun.PATIENT, "--endpoint", emulator.endpoint().toString(),
                "credentials", "--show-secrets");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.stderr()).startsWith("imds: --show-secrets goes with --json");
    }
}
