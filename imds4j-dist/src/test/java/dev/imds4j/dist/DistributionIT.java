/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user gets it: unpacked with {@code tar} into a folder whose name has a space,
 * run as a real process with no Java on {@code PATH} and no {@code JAVA_HOME}, against an
 * emulator on 127.0.0.1.
 */
@ImdsEmulatorTest
final class DistributionIT {
    private static final Path TARBALL = Path.of(System.getProperty("imds.dist.tarball"));
    private static final String VERSION = System.getProperty("imds.dist.version");
    private static final String INSTANCE_ID = "i-0d15700000000cafe";
    private static final String PATH = "/latest/meta-data/instance-id";
    /** The defaults (1 s) are for IMDS; a cold JVM on a loaded 2-core machine needs more. */
    private static final List<String> PATIENT = List.of("--connect-timeout", "20s",
            "--read-timeout", "20s", "--timeout", "60s");

    @TempDir
    static Path temp;
    private static Path home;
    private static Path tools;
    private final ImdsEmulator emulator;

    DistributionIT(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private record Result(int code, String out, String err) {}

    @BeforeAll
    static void unpack() throws Exception {
        assumeThat(System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .as("the distribution is built on Linux x86-64 only")
                .isIn("Linux amd64", "Linux x86_64");
        assertThat(TARBALL).as("the tarball mvn package makes").isRegularFile();
        Path opt = Files.createDirectories(temp.resolve("opt dir"));
        exitsZero(temp.resolve("tar.out"), "tar", "-xzf", TARBALL.toString(), "-C",
                opt.toString());
        home = opt.resolve("imds-" + VERSION);
        // The only commands the launcher may find on PATH: no java among them.
        tools = Files.createDirectories(temp.resolve("tools"));
        for (String tool : List.of("readlink")) {
            Files.copy(which(tool), tools.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @BeforeEach
    void instance() {
        emulator.put(PATH, INSTANCE_ID);
    }

    /** Runs a tool with its output to {@code out}; fails unless it exits 0 within 60 s. */
    private static void exitsZero(Path out, String... command)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("%s within 60 s", command[0]).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out, UTF_8)).isZero();
    }

    private static Path which(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, tool))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(tool + " is not on PATH"));
    }

    private static boolean aotCache() {
        return Files.isRegularFile(home.resolve("lib/imds.aot"));
    }

    /** Runs {@code command} in {@code dir} with a minimal environment, output to files. */
    private static Result run(Path dir, Map<String, String> extraEnv, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        Map<String, String> keep = new HashMap<>();
        for (String name : List.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_CONFIG_FILE",
                "AWS_SHARED_CREDENTIALS_FILE")) {
            keep.put(name, System.getenv(name)); // surefire's: a closed port, empty test files
        }
        env.clear();
        env.putAll(keep);
        env.put("PATH", tools.toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no exit within 60 s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Result imds(Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/imds").toString()));
        command.addAll(PATIENT);
        command.addAll(List.of(args));
        return run(temp, env, command);
    }

    @Test
    void layout_isTheCommandItsArchiveAndATrimmedRuntime() throws Exception {
        try (Stream<Path> top = Files.list(home.getParent())) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly("imds-" + VERSION);
        }
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("imds.jar", aotCache() ? "imds.aot" : "imds.jsa");
        }
        assertThat(home.resolve("bin/imds")).isExecutable();
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        for (String absent : List.of("runtime/jmods", "runtime/include", "runtime/man",
                "runtime/bin/javac", "runtime/bin/jlink")) {
            assertThat(home.resolve(absent)).doesNotExist();
        }
        Result modules = run(temp, Map.of(),
                List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"));
        assertThat(modules.code()).isZero();
        List<String> names = modules.out().lines().map(l -> l.replaceFirst("@.*", ""))
                .collect(Collectors.toList());
        assertThat(names).contains("java.base", "jdk.httpserver")
                .allMatch(m -> List.of("java.base", "jdk.httpserver", "jdk.crypto.ec").contains(m));
    }

    @Test
    void get_runsOnTheBundledRuntime() throws Exception {
        Result r = imds(Map.of(), "--endpoint", emulator.endpoint().toString(), "get", PATH);

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(INSTANCE_ID);
        Result version = imds(Map.of(), "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("imds " + VERSION + " (java ")
                .endsWith(", " + home.toRealPath().resolve("runtime") + ")\n");
    }

    @Test
    void get_usesTheArchiveAfterUnpacking() throws Exception {
        // Both flags make the JVM fail instead of silently starting without the archive.
        String strict = aotCache() ? "-XX:AOTMode=on" : "-Xshare:on";

        Result r = imds(Map.of("IMDS_JAVA_OPTS", strict),
                "--endpoint", emulator.endpoint().toString(), "get", PATH);

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(INSTANCE_ID);
    }

    @Test
    void launcher_throughASymbolicLink_findsItsHome() throws Exception {
        Path links = Files.createDirectories(temp.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("imds"), home.resolve("bin/imds"));

        List<String> command = new ArrayList<>(List.of(link.toString()));
        command.addAll(PATIENT);
        command.addAll(List.of("--endpoint", emulator.endpoint().toString(), "get", PATH));
        Result r = run(links, Map.of(), command);

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(INSTANCE_ID);
    }

    @Test
    void launcher_passesHostileArgumentsVerbatim() throws Exception {
        Path work = Files.createDirectories(temp.resolve("hostile"));
        String path = "/latest/meta-data/$(id>pwned);id>pwned2;`id>pwned3`*";

        List<String> command = new ArrayList<>(List.of(home.resolve("bin/imds").toString()));
        command.addAll(PATIENT);
        command.addAll(List.of("--endpoint", emulator.endpoint().toString(), "get", path));
        Result r = run(work, Map.of("IMDS_JAVA_OPTS", "-Dx=* -Dy=$(id>pwned4) -Dz=`id>pwned5`"),
                command);

        assertThat(r.code()).isEqualTo(2); // ';' is in no IMDS path
        assertThat(r.err()).contains("PATH '" + path + "'"); // the command got it as given
        try (Stream<Path> created = Files.list(work)) {
            assertThat(created).isEmpty();
        }
    }

    @Test
    void emulatorOption_runsTheBundledEmulator() throws Exception {
        Result r = imds(Map.of(), "--emulator", "identity");

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"instanceId\" : \"i-0b22a22eec53b9321\"");
    }

    @Test
    void httpsEndpoint_trustedCertificate_works() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("tls"));
        Path keys = dir.resolve("server.p12");
        exitsZero(dir.resolve("keytool.out"),
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "imds", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit");
        Path trust = dir.resolve("trust.p12");
        try (ImdsEmulator https = ImdsEmulator.builder().host("127.0.0.1").port(0)
                .tls(serverContext(keys, trust)).start()) {
            https.put(PATH, INSTANCE_ID);
            String endpoint = https.endpoint().toString();
            assertThat(endpoint).startsWith("https://127.0.0.1:");

            String trustOptions = "-Djavax.net.ssl.trustStore=" + trust
                    + " -Djavax.net.ssl.trustStorePassword=changeit"
                    + " -Djavax.net.ssl.trustStoreType=PKCS12";
            Result trusted = imds(Map.of("IMDS_JAVA_OPTS", trustOptions),
                    "--endpoint", endpoint, "get", PATH);
            Result untrusted = imds(Map.of(), "--endpoint", endpoint, "get", PATH);

            assertThat(trusted.err()).isEmpty();
            assertThat(trusted.code()).isZero();
            assertThat(trusted.out()).isEqualTo(INSTANCE_ID);
            assertThat(untrusted.code()).isEqualTo(4);
            assertThat(untrusted.err()).contains("TLS handshake failed");
        }
    }

    /** The server's TLS context from {@code keys}; writes its certificate alone to {@code trust}.
     */
    private static SSLContext serverContext(Path keys, Path trust)
            throws IOException, GeneralSecurityException {
        char[] password = "changeit".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, password);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("imds", store.getCertificate("imds"));
        try (OutputStream out = Files.newOutputStream(trust)) {
            trusted.store(out, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(
                KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
