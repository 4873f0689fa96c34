/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import dev.imds4j.emulator.ImdsEmulator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A GET with the token already cached, against an in-process emulator: latency (AverageTime)
 * and throughput, per client. Thread count comes from the command line.
 *
 * <pre>
 * java -jar imds4j-benchmarks/target/benchmarks.jar WarmGetBenchmark -t 1
 * java -jar imds4j-benchmarks/target/benchmarks.jar WarmGetBenchmark -t 8
 * java -jar imds4j-benchmarks/target/benchmarks.jar WarmGetBenchmark -t 64
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class WarmGetBenchmark {
    /** The client measured. */
    @Param({"imds4j", "sdk-apache", "sdk-urlconnection", "floor"})
    public String client;

    private ImdsEmulator emulator;
    private Clients.Getter getter;

    /**
     * Starts the emulator and the client, and caches the token.
     *
     * @throws Exception if the first call fails
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        emulator = ImdsEmulator.builder().journalCapacity(1).start();
        getter = Clients.create(client, emulator.endpoint());
        getter.get(); // fetch and cache the token
    }

    /** Closes the client and the emulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        getter.close();
        emulator.close();
    }

    /**
     * One GET.
     *
     * @return the value, for JMH to consume
     * @throws Exception if it fails
     */
    @Benchmark
    public Object get() throws Exception {
        return getter.get();
    }
}
