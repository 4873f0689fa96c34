/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.dist;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A JDK that can make the distribution's runtime: a folder with {@code bin/jlink} and a {@code
 * release} file naming its version.
 *
 * @param home the JDK's folder, symbolic links resolved
 * @param version {@code JAVA_VERSION} from its {@code release} file
 * @param implementor {@code IMPLEMENTOR} from its {@code release} file, or empty
 */
record Jdk(Path home, Runtime.Version version, String implementor) {
    /** The oldest JDK the command runs on (the project's release). */
    static final int MINIMUM = 17;
    /** The first JDK with {@code -XX:AOTCacheOutput} (JEP 514); older ones get AppCDS. */
    static final int AOT_CACHE = 25;

    /** Newest first; equal versions keep their discovery order. */
    static final Comparator<Jdk> NEWEST_FIRST = Comparator.comparing(Jdk::version).reversed();

    /**
     * The JDK at {@code home}, if it is one this build can use: a {@code release} file with a
     * {@code JAVA_VERSION} of {@value #MINIMUM} or later, and {@code bin/jlink}.
     */
    static Optional<Jdk> at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/jlink"))) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(release)) {
            p.load(in);
            Runtime.Version v = Runtime.Version.parse(unquote(p.getProperty("JAVA_VERSION", "")));
            if (v.feature() < MINIMUM) {
                return Optional.empty();
            }
            return Optional.of(new Jdk(home.toRealPath(), v,
                    unquote(p.getProperty("IMPLEMENTOR", ""))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable, or a version such as 1.8.0_402: not usable
        }
    }

    /**
     * Every usable JDK among {@code homes} and the folders inside each of {@code parents}, once
     * each (by real path), newest first.
     */
    static List<Jdk> discover(List<Path> homes, List<Path> parents) {
        List<Path> candidates = new ArrayList<>(homes);
        for (Path parent : parents) {
            if (Files.isDirectory(parent)) {
                try (Stream<Path> children = Files.list(parent)) {
                    children.sorted().forEach(candidates::add);
                } catch (IOException e) {
                    // an unreadable folder holds no JDK this build can use
                }
            }
        }
        Map<Path, Jdk> found = new LinkedHashMap<>();
        for (Path candidate : candidates) {
            at(candidate).ifPresent(jdk -> found.putIfAbsent(jdk.home(), jdk));
        }
        List<Jdk> jdks = new ArrayList<>(found.values());
        jdks.sort(NEWEST_FIRST);
        return jdks;
    }

    /** Whether this JDK makes a JDK 25 AOT cache rather than an AppCDS archive. */
    boolean aotCache() {
        return version.feature() >= AOT_CACHE;
    }

    /** Whether this JDK's EC algorithms (needed for TLS) live outside {@code java.base}. */
    boolean separateEcModule() {
        return version.feature() < 22; // JDK 22 moved SunEC into java.base (JDK-8308398)
    }

    /** Path of one of this JDK's commands, such as {@code jlink}. */
    Path tool(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** For messages: {@code Eclipse Adoptium 25.0.3 (/usr/lib/jvm/temurin-25-jdk-amd64)}. */
    String describe() {
        return (implementor.isEmpty() ? "JDK" : implementor) + " " + version + " (" + home + ")";
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
                ? t.substring(1, t.length() - 1) : t;
    }
}
