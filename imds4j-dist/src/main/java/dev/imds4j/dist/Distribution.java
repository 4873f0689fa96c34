/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Makes the self-contained distribution of the {@code imds} command, {@code
 * imds-VERSION/{bin/imds, lib/imds.jar, runtime/}} packed as {@code
 * imds-VERSION-linux-x64.tar.gz}, in four steps:
 *
 * <ol>
 *   <li>picks the newest usable JDK ({@code --jdk=PATH} pins one);
 *   <li>links a runtime of the modules the command needs with that JDK's {@code jlink};
 *   <li>runs the command once against an emulator on 127.0.0.1 to record the classes it loads:
 *       on JDK 25+ an AOT cache ({@code -XX:AOTCacheOutput}), on older JDKs an AppCDS archive
 *       on top of the runtime's own CDS archive ({@code -XX:ArchiveClassesAtExit});
 *   <li>writes the launcher and packs the folder ({@link Tarball}).
 * </ol>
 *
 * <p>Run by the build ({@code imds4j-dist/pom.xml}); it prints which kind it made, and skips
 * (exit 0) on anything but Linux x86-64.
 */
final class Distribution {
    static final String MAIN_CLASS = "dev.imds4j.cli.Imds";
    static final String TRAINING_PATH = "/latest/meta-data/instance-id";
    /** The modules the command needs ({@code jdeps}: the emulator needs jdk.httpserver). */
    static final List<String> MODULES = List.of("java.base", "jdk.httpserver");
    private static final long TIMEOUT_SECONDS = 300;

    /** What the build asked for. */
    record Settings(Path jar, String version, Instant timestamp, Path out, Optional<Path> jdk) {
        Path folder() {
            return out.resolve("imds-" + version);
        }

        Path tarball() {
            return out.resolve("imds-" + version + "-linux-x64.tar.gz");
        }

        Path log() {
            return out.resolve("distribution.log");
        }

        /** The training run's AWS config and credentials file: no settings from this machine. */
        Path emptyFile() {
            return out.resolve("distribution-empty-aws-config");
        }
    }

    /** How the runtime remembers the command's classes, and how the launcher uses it. */
    enum Archive {
        AOT_CACHE("an AOT cache", "imds.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=",
                "-Xlog:aot*=off:stderr -Xlog:cds*=off:stderr", "", "\"$home/lib/imds.jar\""),
        APPCDS("an AppCDS archive", "imds.jsa", "-XX:ArchiveClassesAtExit=",
                "-XX:SharedArchiveFile=", "-Xlog:cds*=off:stderr", """
                # JDK 17's CDS archive holds the class path as a string, so it cannot move with
                # this folder: the jar gets the same name, /dev/fd/9, wherever it is unpacked.
                exec 9<"$home/lib/imds.jar" || exit 1
                """, "/dev/fd/9");

        final String description;
        final String file;
        final String create;
        final String use;
        final String quiet;
        final String setup;
        final String classPath;

        Archive(String description, String file, String create, String use, String quiet,
                String setup, String classPath) {
            this.description = description;
            this.file = file;
            this.create = create;
            this.use = use;
            this.quiet = quiet;
            this.setup = setup;
            this.classPath = classPath;
        }

        static Archive of(Jdk jdk) {
            return jdk.aotCache() ? AOT_CACHE : APPCDS;
        }
    }

    private Distribution() {}

    /**
     * Makes the distribution; exits 1 with a one-line message when it cannot.
     *
     * @param args {@code --jar=FILE --version=V --timestamp=ISO-INSTANT --out=DIR [--jdk=PATH]}
     */
    public static void main(String[] args) {
        try {
            System.out.println("imds4j-dist: " + run(parse(args)));
        } catch (IOException | RuntimeException e) {
            System.err.println("imds4j-dist: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    static Settings parse(String[] args) {
        Map<String, String> a = Stream.of(args).map(s -> s.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
        String jdk = a.getOrDefault("--jdk", "").trim();
        return new Settings(Path.of(required(a, "--jar")), required(a, "--version"),
                Instant.parse(required(a, "--timestamp")), Path.of(required(a, "--out")),
                jdk.isEmpty() ? Optional.empty() : Optional.of(Path.of(jdk)));
    }

    private static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + name + "=...");
        }
        return v;
    }

    /** Makes the distribution and says what it made, or why it made none. */
    static String run(Settings s) throws IOException, InterruptedException {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "skipped: the distribution is built on Linux x86-64 only (this is " + os + " "
                    + arch + ")";
        }
        if (!Files.isRegularFile(s.jar())) {
            throw new IOException(s.jar() + " is missing: build imds4j-cli first");
        }
        List<Jdk> jdks = candidates(s);
        if (jdks.isEmpty()) {
            throw new IOException(s.jdk().map(p -> p + " is not a JDK 17+ with jlink")
                    .orElse("no JDK 17+ with jlink found"));
        }
        clean(s);
        Files.writeString(s.log(), "");
        Files.writeString(s.emptyFile(), "");
        for (Jdk jdk : jdks) {
            if (!link(jdk, s)) {
                System.out.println("imds4j-dist: jlink of " + jdk.describe() + " failed (see "
                        + s.log() + "); trying the next JDK");
                continue;
            }
            Archive archive = Archive.of(jdk);
            stage(jdk, archive, s);
            train(jdk, archive, s);
            Tarball.write(s.folder(), s.tarball(), s.timestamp());
            String note = archive == Archive.AOT_CACHE ? ""
                    : s.jdk().isPresent() ? " (the JDK asked for)"
                    : "; no JDK " + Jdk.AOT_CACHE + "+ found (-Dimds.dist.jdk=PATH picks one)";
            return String.format(Locale.ROOT, "%s (%.1f MiB): %s runtime with %s%s",
                    s.out().relativize(s.tarball()), Files.size(s.tarball()) / 1048576.0,
                    jdk.describe(), archive.description, note);
        }
        throw new IOException("no JDK could link a runtime; see " + s.log());
    }

    private static List<Jdk> candidates(Settings s) {
        if (s.jdk().isPresent()) {
            return Jdk.at(s.jdk().get()).stream().collect(Collectors.toList());
        }
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
        }
        return Jdk.discover(homes, List.of(Path.of("/usr/lib/jvm")));
    }

    /** Removes what an earlier run made, so that exactly one distribution is in {@code out}. */
    private static void clean(Settings s) throws IOException {
        Files.createDirectories(s.out());
        List<Path> old;
        try (Stream<Path> children = Files.list(s.out())) {
            old = children.filter(p -> p.getFileName().toString().startsWith("imds-"))
                    .collect(Collectors.toList());
        }
        for (Path p : old) {
            deleteTree(p);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }

    private static boolean link(Jdk jdk, Settings s) throws IOException, InterruptedException {
        Path runtime = s.folder().resolve("runtime");
        if (Files.exists(runtime)) {
            deleteTree(runtime);
        }
        List<String> modules = new ArrayList<>(MODULES);
        if (jdk.separateEcModule()) {
            modules.add("jdk.crypto.ec"); // TLS key exchange and certificates use EC
        }
        List<String> command = new ArrayList<>(List.of(jdk.tool("jlink").toString(),
                "--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", runtime.toString()));
        if (!jdk.implementor().isEmpty()) {
            command.add("--release-info=add:IMPLEMENTOR=\"" + jdk.implementor() + "\"");
        }
        if (Archive.of(jdk) == Archive.APPCDS) {
            command.add("--generate-cds-archive"); // the base the AppCDS archive sits on
        }
        return exec(command, s.out(), Map.of(), s) == 0;
    }

    private static void stage(Jdk jdk, Archive archive, Settings s) throws IOException {
        Path lib = Files.createDirectories(s.folder().resolve("lib"));
        Path jar = lib.resolve("imds.jar");
        Files.copy(s.jar(), jar);
        // The archive remembers the jar's time; the tarball gives every file this time.
        Files.setLastModifiedTime(jar, FileTime.from(s.timestamp()));
        Path bin = Files.createDirectories(s.folder().resolve("bin"));
        Path launcher = bin.resolve("imds");
        Files.writeString(launcher, launcher(jdk, archive, s.version()));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** {@code bin/imds}: uses the archive when it is there (not in the training run). */
    static String launcher(Jdk jdk, Archive archive, String version) throws IOException {
        String template;
        try (InputStream in = Distribution.class.getResourceAsStream("imds.sh")) {
            if (in == null) {
                throw new IOException("imds.sh is missing from the class path");
            }
            template = new String(in.readAllBytes(), UTF_8);
        }
        String runtime = (jdk.implementor().isEmpty() ? "JDK" : jdk.implementor()) + " "
                + jdk.version() + ", " + archive.description;
        String setup = archive.setup + "archive=\"$home/lib/" + archive.file + "\"\n"
                + "[ -f \"$archive\" ] || archive=";
        return template.replace("@VERSION@", version).replace("@RUNTIME@", runtime)
                .replace("@ARCHIVE@", setup).replace("@USE@", archive.use)
                .replace("@QUIET@", archive.quiet).replace("@CLASS_PATH@", archive.classPath);
    }

    /**
     * Runs {@code bin/imds} once, before its archive exists, against an emulator on loopback,
     * recording the classes it loads into the archive.
     */
    private static void train(Jdk jdk, Archive archive, Settings s)
            throws IOException, InterruptedException {
        Path lib = s.folder().resolve("lib");
        Path archiveFile = lib.resolve(archive.file);
        try (ImdsEmulator emulator = ImdsEmulator.builder().host("127.0.0.1").port(0).start()) {
            List<String> command = List.of(s.folder().resolve("bin/imds").toString(),
                    "--endpoint", emulator.endpoint().toString(), "get", TRAINING_PATH);
            // A relative path: IMDS_JAVA_OPTS is split on spaces, and the folder may have one.
            int code = exec(command, lib, Map.of("IMDS_JAVA_OPTS", archive.create + archive.file),
                    s);
            if (code != 0 || emulator.requestCount() < 2 || !Files.isRegularFile(archiveFile)) {
                throw new IOException("the training run with " + jdk.describe() + " exited "
                        + code + " after " + emulator.requestCount() + " requests and made "
                        + (Files.isRegularFile(archiveFile) ? "" : "no ") + archiveFile
                        + "; see " + s.log());
            }
        }
    }

    /**
     * Runs {@code command} with its output appended to the log, in an environment without JVM
     * option variables or AWS settings; returns its exit code.
     */
    private static int exec(List<String> command, Path dir, Map<String, String> extraEnv,
            Settings s) throws IOException, InterruptedException {
        Files.writeString(s.log(), "$ " + String.join(" ", command) + "\n", UTF_8,
                StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS")
                || k.equals("CLASSPATH") || k.equals("IMDS_JAVA_OPTS"));
        env.put("AWS_CONFIG_FILE", s.emptyFile().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", s.emptyFile().toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("no exit within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return p.exitValue();
    }
}
