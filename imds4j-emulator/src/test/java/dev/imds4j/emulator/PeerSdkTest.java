/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients in other languages read the emulator: botocore's region and credentials fetchers, the
 * JS SDK's {@code MetadataService} and credential provider, and curl, each run as a process
 * against an emulator on 127.0.0.1. {@code .ci/run} installs botocore and the JS packages; a
 * developer without them sees these tests skipped with the command that installs them, while
 * in CI ({@code CI=true}) a missing tool fails the test.
 */
@Timeout(120)
final class PeerSdkTest {
    private static final Path PEERS = Path.of("src/test/peers");
    private static final String MD = "/latest/meta-data/";

    @TempDir
    Path dir;
    /** At the current time: the peers judge credential expiry by their own clocks. */
    @RegisterExtension
    final EmulatorFixture imds = EmulatorFixture.atTheCurrentTime();
    private ImdsEmulator emulator;
    private String endpoint;

    @BeforeEach
    void start() {
        emulator = imds.emulator();
        endpoint = imds.endpoint().toString();
    }

    @Test
    void botocore_readsRegionAndRoleCredentials() throws Exception {
        String python = null;
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            if (python == null && exitsZero(candidate, "-c", "import botocore")) {
                python = candidate;
            }
        }
        require(python != null, "botocore (install it with: apt-get install python3-botocore)");

        Map<String, Object> out = json(run(Map.of(), python,
                PEERS.resolve("botocore_check.py").toString(), endpoint));
        assertThat(out).containsEntry("region", "eu-west-1")
                .containsEntry("role", "imds4j-demo-role")
                .containsEntry("accessKeyId", servedAccessKeyId());
        assertThat(emulator.requests()).extracting(RecordedRequest::path)
                .contains(MD + "placement/availability-zone/");
    }

    @Test
    void jsSdk_readsMetadataAndCredentials() throws Exception {
        require(exitsZero("node", "--version")
                        && Files.isDirectory(PEERS.resolve("node_modules/@aws-sdk")),
                "node and the JS SDK (install them with: npm ci --prefix "
                        + "imds4j-emulator/src/test/peers)");

        Map<String, Object> out = json(run(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint),
                "node", PEERS.resolve("js_check.mjs").toString(), endpoint));
        assertThat(out).containsEntry("instanceId", "i-0b22a22eec53b9321")
                .containsEntry("availabilityZone", "eu-west-1a")
                .containsEntry("latest", "dynamic\nmeta-data\nuser-data")
                .containsEntry("accessKeyId", servedAccessKeyId());
    }

    @Test
    void curl_readsWithAToken_leavesAndListingsAlike() throws Exception {
        require(exitsZero("curl", "--version"), "curl (install it with: apt-get install curl)");

        String token = run(Map.of(), "curl", "-sSf", "--noproxy", "*", "-X", "PUT",
                "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60", endpoint + "/latest/api/token");
        String header = "X-aws-ec2-metadata-token: " + token;
        assertThat(run(Map.of(), "curl", "-sSf", "--noproxy", "*", "-H", header,
                endpoint + MD + "placement/availability-zone/")).isEqualTo("eu-west-1a");
        assertThat(run(Map.of(), "curl", "-sSf", "--noproxy", "*", "-H", header,
                endpoint + "/latest/")).isEqualTo("dynamic\nmeta-data\nuser-data");
        assertThat(run(Map.of(), "curl", "-sSfI", "--noproxy", "*", "-H", header,
                endpoint + MD + "instance-id")).containsIgnoringCase("content-length: 19");
    }

    private String servedAccessKeyId() throws IOException {
        return (String) imds.json(MD + "iam/security-credentials/imds4j-demo-role")
                .get("AccessKeyId");
    }

    /** Skips locally when a tool is missing, but fails in CI, which must run every peer. */
    private static void require(boolean available, String what) {
        if (available) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(what + " is missing in CI: .ci/run should have installed it");
        }
        Assumptions.abort(what + " is not installed here; skipped");
    }

    private static boolean exitsZero(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a peer with no proxy in its environment; returns its stdout, or fails with both. */
    private String run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        List<String> proxies = new ArrayList<>();
        for (String name : pb.environment().keySet()) {
            if (name.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy")) {
                proxies.add(name);
            }
        }
        proxies.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish within 60 s");
        }
        String stdout = Files.readString(out, UTF_8);
        assertThat(p.exitValue()).as("%s exit code; stderr: %s", command[0],
                Files.readString(err, UTF_8)).isZero();
        return stdout;
    }

    private static Map<String, Object> json(String text) throws IOException {
        return JSON.std.mapFrom(text);
    }
}
