/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PATH that names a credentials document under another spelling ({@code //}, {@code %XX},
 * {@code .}, {@code ;}, another case) never gets its secret past the redaction of {@code tree},
 * {@code get --json}, {@code get} of a folder, or the value check of {@code ls}: the emulator,
 * like many servers, decodes and collapses what the rules would otherwise see raw.
 */
@ImdsEmulatorTest
final class MetadataPathTest {
    private static final String CREDS = "/latest/meta-data/iam/security-credentials/";
    private static final String EXT = "/latest/meta-data/iam/security-credentials-extended/";
    private static final String ROLE = "imds4j-demo-role";

    private final ImdsEmulator emulator;

    MetadataPathTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private CliRun imds(String... args) {
        return CliRun.at(emulator.endpoint(), CliRun.PATIENT, args);
    }

    /** Other spellings of iam/, iam/security-credentials/ and the role's path. */
    private static List<String[]> hostileLines() {
        List<String[]> lines = new ArrayList<>();
        for (String folder : new String[] {"iam//", "/latest/meta-data//iam/",
            "/latest//meta-data/iam/", "iam//security-credentials/", "iam/security%2Dcredentials/",
            "iam/security%2dcredentials/", "iam/./security-credentials/",
            "iam/security-credentials/.", "iam/security-credentials/./", "iam/x/../",
            "iam/security-credentials;p/", "iam%2F", "iam\\security-credentials\\",
            "iam/security-credentials/%69mds4j-demo-role", "iam/security-credentials/%2e/"}) {
            lines.add(new String[] {"tree", folder});
            lines.add(new String[] {"tree", "--json", folder});
            lines.add(new String[] {"get", folder.endsWith("/") ? folder : folder + "/"});
        }
        for (String role : new String[] {"iam//security-credentials/" + ROLE,
            "iam%2Fsecurity-credentials%2F" + ROLE, "iam/security-credentials//" + ROLE,
            "iam/security-credentials/./" + ROLE, "iam/security-credentials/" + ROLE + "/.",
            "iam/security-credentials/imds4j-demo-rol%65", "iam/security-credentials/" + ROLE
                + ";x", "iam/./security-credentials-extended/" + ROLE}) {
            lines.add(new String[] {"get", "--json", role});
            lines.add(new String[] {"ls", role + "/"});
            lines.add(new String[] {"ls", "--json", role + "//"});
        }
        return lines;
    }

    @Test
    void otherSpellingsOfACredentialsPath_refusedAsUsage_noSecretPrinted() {
        emulator.put(CREDS + ROLE, "Token=LEAKT SecretAccessKey=LEAKS");
        emulator.put(EXT + ROLE, "Token=LEAKT SecretAccessKey=LEAKS");
        for (String[] line : hostileLines()) {
            CliRun r = imds(line);
            String what = String.join(" ", line);
            assertThat(r.out() + r.stderr()).as(what).doesNotContain("LEAK");
            assertThat(r.code()).as(what + ": " + r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).as(what).contains("IMDS paths are names between single "
                    + "slashes").hasLineCount(1);
        }
        // the canonical spellings redact as before
        assertThat(imds("tree", "iam/").out()).contains(CREDS + ROLE + " = <redacted>\n")
                .doesNotContain("LEAK");
        assertThat(imds("get", "--json", "iam/security-credentials/" + ROLE).out())
                .doesNotContain("LEAK");
    }

    @Test
    void lsOrTreeBelowACredentialsFolder_isAValue_noRequestForAListing() {
        emulator.put(CREDS + ROLE, "Token=LEAKT SecretAccessKey=LEAKS");
        for (String path : new String[] {"iam/security-credentials/" + ROLE + "/",
            "iam/security-credentials/OTHER-CASE/", "IAM/SECURITY-CREDENTIALS/" + ROLE + "/",
            "identity-credentials/ec2/security-credentials/ec2-instance/"}) {
            for (String command : new String[] {"ls", "tree"}) {
                CliRun r = imds(command, path);
                assertThat(r.code()).as(command + " " + path).isEqualTo(2);
                assertThat(r.stderr()).as(command + " " + path).contains("is a value, not a "
                        + "folder").doesNotContain("LEAK");
                assertThat(r.out()).isEmpty();
            }
        }
    }

    @Test
    void canonicalPaths_accepted() {
        for (String typed : new String[] {"/", "/latest/", "/latest/meta-data/", "ami-id",
            "iam/security-credentials/", "/latest/user-data", "placement/region"}) {
            assertThat(MetadataPath.problem(MetadataPath.of(typed, "get"))).as(typed).isNull();
        }
        assertThat(MetadataPath.of("ami-id", "get")).isEqualTo("/latest/meta-data/ami-id");
    }

    @Test
    void secretsUnderCredentials_anyCase() {
        assertThat(Secrets.underCredentials("/latest/meta-data/IAM/Security-Credentials/r"))
                .isTrue();
        assertThat(Secrets.underCredentials("/latest/meta-data/iam/security-credentials/"))
                .isFalse();
        assertThat(Secrets.atOrUnderCredentials("/latest/meta-data/iam/security-credentials/"))
                .isTrue();
    }

    @Test
    void aCredentialsDocumentInUtf16OrUtf32_anywhere_redactedWhole() throws Exception {
        String doc = "{\"AccessKeyId\":\"ASIA\",\"SecretAccessKey\":\"WIDESECRET\"}";
        java.nio.charset.Charset[] encodings = {java.nio.charset.StandardCharsets.UTF_16,
            java.nio.charset.StandardCharsets.UTF_16LE, java.nio.charset.Charset.forName(
                "UTF-32BE"), java.nio.charset.Charset.forName("UTF-32LE")};
        for (java.nio.charset.Charset c : encodings) {
            emulator.put("/latest/meta-data/wide", doc.getBytes(c));
            emulator.put("/latest/meta-data/tags/instance/wide", doc.getBytes(c));
            for (String[] line : new String[][] {{"tree"}, {"tree", "--json"},
                {"get", "--json", "wide"}, {"tags"}, {"tags", "--json"}}) {
                CliRun r = imds(line);
                String what = c + " " + String.join(" ", line);
                assertThat(r.code()).as(what + r.stderr()).isZero();
                String wide = new String(doc.getBytes(c), java.nio.charset.StandardCharsets
                        .ISO_8859_1);
                assertThat(r.out()).as(what).doesNotContain("WIDESECRET")
                        .doesNotContain(java.util.Base64.getEncoder().encodeToString(
                                doc.getBytes(c)).substring(0, 40))
                        .doesNotContain("W\\x00I").doesNotContain(wide.substring(60, 70))
                        .containsPattern("wide\"? ?[=:] ?\"?<redacted>");
            }
        }
    }
}
