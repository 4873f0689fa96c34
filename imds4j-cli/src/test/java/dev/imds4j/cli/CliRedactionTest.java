/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every command, verbose, in success and failure: no session token, secret key or session
 * credential in stdout or stderr, except where a command exists to print them
 * ({@code credentials --format}, {@code get} of the credentials path itself, or {@code
 * --show-secrets}). The secrets are those of the role (legacy and extended paths) and of the
 * instance identity credentials.
 */
@ImdsEmulatorTest
final class CliRedactionTest {
    private static final String[] CREDENTIALS = {
        "/latest/meta-data/iam/security-credentials/imds4j-demo-role",
        "/latest/meta-data/iam/security-credentials-extended/imds4j-demo-role",
        "/latest/meta-data/identity-credentials/ec2/security-credentials/ec2-instance"};

    @Test
    void noSecretInAnyOutputExceptCredentialFormats(ImdsEmulator emulator) throws Exception {
        List<String> outputs = new ArrayList<>();
        Set<String> secrets = new HashSet<>();
        String endpoint = emulator.endpoint().toString();
        for (String path : CREDENTIALS) {
            CliRun full = CliRun.run(CliRun.PATIENT, "--endpoint", endpoint, "get", path);
            Map<String, Object> creds = JSON.std.mapFrom(full.out());
            secrets.add((String) creds.get("SecretAccessKey"));
            secrets.add((String) creds.get("Token"));
        }

        String[][] commands = {{"get", "/latest/meta-data/ami-id"},
            {"get", "--json", "/latest/meta-data/iam/info"},
            {"get", "--json", CREDENTIALS[0], CREDENTIALS[1], CREDENTIALS[2]},
            {"get", CREDENTIALS[0] + "/"}, {"get", CREDENTIALS[2] + "/"},
            {"ls"}, {"ls", "iam/security-credentials/"},
            {"tree"}, {"tree", "--json"}, {"tree", "--json", "/latest/meta-data/iam/"},
            {"tree", "/latest/meta-data/identity-credentials/"},
            {"tree", "/latest/meta-data/placement/"}, {"identity"}, {"region"},
            {"credentials"}, {"credentials", "--json"}, {"user-data"}, {"tags"},
            {"events"}, {"events", "--json"}, {"config"}, {"config", "--json"},
            {"get", "/latest/meta-data/nothing"}};
        for (String[] command : commands) {
            outputs.addAll(run(endpoint, command));
        }
        emulator.addFault(Fault.status(401).onMethod("GET").always());
        outputs.addAll(run(endpoint, "credentials"));
        tokens(emulator, secrets);
        emulator.reset();
        emulator.addFault(Fault.closeConnection().always());
        outputs.addAll(run(endpoint, "credentials"));
        tokens(emulator, secrets);
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(6);
        assertThat(outputs).anyMatch(o -> o.contains("imds: GET"));
        for (String output : outputs) {
            for (String secret : secrets) {
                assertThat(output).doesNotContain(secret);
            }
        }
    }

    private static void tokens(ImdsEmulator emulator, Set<String> into) {
        for (RecordedRequest r : emulator.requests()) {
            r.header("X-aws-ec2-metadata-token").ifPresent(into::add);
        }
    }

    private static List<String> run(String endpoint, String... command) {
        String[] args = new String[command.length + 3];
        args[0] = "--verbose";
        args[1] = "--endpoint";
        args[2] = endpoint;
        System.arraycopy(command, 0, args, 3, command.length);
        CliRun r = CliRun.run(CliRun.PATIENT, args);
        return List.of(r.out(), r.stderr());
    }
}
