/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first JSON read of a fresh JVM, timed inside the process: what the client's JSON reading
 * costs a short-lived program (a CLI run, an OpenTelemetry detector at start-up). In this
 * package so that it can call the package-private {@code JsonDocument} exactly as
 * {@code InstanceMetadata} does; the same class runs against any build of the client whose
 * {@code JsonDocument} has these methods, which is how {@code json_startup.py} compares two.
 *
 * <pre>
 * java -cp IMDS4J_JAR[:JSON_JARS]:imds4j-benchmarks/target/classes dev.imds4j.JsonStartupProbe \
 *     parse DOCUMENT_FILE
 * java -cp ... dev.imds4j.JsonStartupProbe client http://127.0.0.1:PORT
 * </pre>
 *
 * <p>{@code parse} reads the file first, then times {@code JsonDocument.object} and the reads
 * of the identity document's fields after it; {@code client} times a whole
 * {@code identityDocument()} call (token, GET, parse) of a new client. Printed as
 * {@code name=nanoseconds} lines: wall time, the main thread's CPU time and the whole
 * process's (every thread: the JIT compilers too), from the kernel's {@code schedstat}.
 */
public final class JsonStartupProbe {
    private static final String PATH = "/latest/dynamic/instance-identity/document";

    private JsonStartupProbe() {}

    /**
     * Runs one probe.
     *
     * @param args {@code parse FILE} or {@code client ENDPOINT}
     */
    public static void main(String[] args) throws Exception {
        boolean parse = args[0].equals("parse");
        byte[] body = parse ? Files.readAllBytes(Path.of(args[1])) : null;
        URI endpoint = URI.create(parse ? "http://127.0.0.1:1338" : args[1]);
        // the counters' own first reads, and the client jar's opening (a class of it that every
        // build has), before anything is timed
        threadCpu();
        processCpu();
        Class<?> opened = SensitiveString.class;

        long[] start = now();
        String summary;
        // no string concatenation inside a timed section: its first use bootstraps
        // invokedynamic machinery, which would be timed with it
        if (parse) {
            JsonDocument d = JsonDocument.object(PATH, endpoint, body, false);
            long[] parsed = now();
            String[] values = {d.string("instanceId", true), d.string("region", true),
                d.string("availabilityZone", true), d.string("accountId", true),
                d.string("imageId", true), d.string("instanceType", true),
                d.string("architecture", false), d.string("privateIp", false)};
            int products = d.strings("billingProducts").size();
            long[] fields = now();
            d.instant("pendingTime", true);
            long[] typed = now();
            summary = String.join(" ", values) + " " + products;
            print("object", start, parsed);
            print("fields", parsed, fields);
            print("pendingTime", fields, typed);
        } else {
            try (ImdsClient client = ImdsClient.builder().endpoint(endpoint).build()) {
                InstanceIdentity id = client.metadata().identityDocument();
                long[] done = now();
                summary = id.instanceId() + " " + id.region();
                print("identityDocument", start, done);
            }
        }
        System.out.println("summary=" + summary + " " + opened.getSimpleName());
    }

    /** Wall, main-thread CPU and process CPU nanoseconds. */
    private static long[] now() throws IOException {
        return new long[] {System.nanoTime(), threadCpu(), processCpu()};
    }

    private static void print(String name, long[] from, long[] to) {
        System.out.println(name + ".wall=" + (to[0] - from[0]));
        System.out.println(name + ".thread=" + (to[1] - from[1]));
        System.out.println(name + ".process=" + (to[2] - from[2]));
    }

    private static long threadCpu() throws IOException {
        return schedstat(Path.of("/proc/thread-self/schedstat"));
    }

    private static long processCpu() throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    sum += schedstat(task.resolve("schedstat"));
                } catch (IOException gone) {
                    // a thread that ended between the listing and the read
                }
            }
        }
        return sum;
    }

    /** The first field of a schedstat file: nanoseconds on a CPU. */
    private static long schedstat(Path file) throws IOException {
        String s = Files.readString(file);
        return Long.parseLong(s.substring(0, s.indexOf(' ')));
    }
}
