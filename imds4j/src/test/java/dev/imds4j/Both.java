/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a typed call both ways, sync and async, each on a fresh subject (a new provider, say, so
 * that the async call is not served from what the sync one cached), and checks they agree: the
 * same value, or the same exception type and message. Failsafe's {@code Testing} helper does the
 * same for its executors.
 */
final class Both {
    /** A blocking call on a subject. */
    interface SyncCall<S, T> {
        T call(S subject) throws ImdsException;
    }

    private Both() {}

    /** The value both ways; each mode gets a subject of its own from {@code fresh}. */
    static <S, T> T get(Supplier<S> fresh, SyncCall<S, T> sync,
            Function<S, CompletableFuture<T>> async) throws Exception {
        T viaSync = sync.call(fresh.get());
        T viaAsync = async.apply(fresh.get()).get(30, TimeUnit.SECONDS);
        assertThat(viaAsync).isEqualTo(viaSync);
        return viaSync;
    }

    /** The failure both ways; each mode gets a subject of its own from {@code fresh}. */
    static <S> ImdsException failure(Supplier<S> fresh, SyncCall<S, ?> sync,
            Function<S, ? extends CompletableFuture<?>> async) throws Exception {
        ImdsException viaSync = null;
        try {
            sync.call(fresh.get());
        } catch (ImdsException e) {
            viaSync = e;
        }
        assertThat(viaSync).as("sync call failed").isNotNull();
        try {
            async.apply(fresh.get()).get(30, TimeUnit.SECONDS);
            throw new AssertionError("async call succeeded where sync failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isExactlyInstanceOf(viaSync.getClass())
                    .hasMessage(viaSync.getMessage());
        }
        return viaSync;
    }
}
