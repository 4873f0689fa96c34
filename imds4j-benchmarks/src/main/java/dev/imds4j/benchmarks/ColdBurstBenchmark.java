/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

import dev.imds4j.emulator.ImdsEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * 64 concurrent first calls on a new client: the time until all 64 have their value, and the
 * token PUTs the burst sent ({@code tokenPuts}, per burst).
 *
 * <pre>
 * java -jar imds4j-benchmarks/target/benchmarks.jar ColdBurstBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class ColdBurstBenchmark {
    static final int CALLERS = 64;

    /** The client measured. */
    @Param({"imds4j", "sdk-apache", "sdk-urlconnection"})
    public String client;

    private ImdsEmulator emulator;
    private ExecutorService pool;
    private Clients.Getter getter;
    private long putsBefore;

    /** Token PUTs per burst, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        /** Token requests the emulator received, summed over the bursts of an iteration. */
        public long tokenPuts;
    }

    /**
     * Starts the emulator and the callers' pool.
     *
     * @throws Exception if the emulator cannot start
     */
    @Setup(Level.Trial)
    public void startEmulator() throws Exception {
        emulator = ImdsEmulator.builder().journalCapacity(1).start();
        pool = Executors.newFixedThreadPool(CALLERS);
    }

    /**
     * Builds a new client, so each burst is cold.
     *
     * @throws Exception if the client cannot be built
     */
    @Setup(Level.Invocation)
    public void newClient() throws Exception {
        getter = Clients.create(client, emulator.endpoint());
        putsBefore = emulator.tokenRequestCount();
    }

    /** Closes the burst's client. */
    @TearDown(Level.Invocation)
    public void closeClient() {
        getter.close();
    }

    /** Stops the pool and the emulator. */
    @TearDown(Level.Trial)
    public void stop() {
        pool.shutdownNow();
        emulator.close();
    }

    /**
     * 64 first calls at once.
     *
     * @param counters where the burst's token PUTs are added
     * @return how many calls got a value
     * @throws Exception if a call fails
     */
    @Benchmark
    public int burst(Counters counters) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> calls = new ArrayList<>(CALLERS);
        for (int i = 0; i < CALLERS; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return getter.get();
            }));
        }
        start.countDown();
        int done = 0;
        for (Future<Object> f : calls) {
            if (f.get() != null) {
                done++;
            }
        }
        counters.tokenPuts += emulator.tokenRequestCount() - putsBefore;
        return done;
    }
}
