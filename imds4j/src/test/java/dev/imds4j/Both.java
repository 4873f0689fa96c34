package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a typed call both ways, sync and async, and checks they agree: the same value, or the
 * same exception type and message.
 */
final class Both {
    /** A blocking call. */
    interface SyncCall<T> {
        T call() throws ImdsException;
    }

    private Both() {}

    static <T> T get(SyncCall<T> sync, Supplier<CompletableFuture<T>> async) throws Exception {
        T viaSync = sync.call();
        T viaAsync = async.get().get(30, TimeUnit.SECONDS);
        assertThat(viaAsync).isEqualTo(viaSync);
        return viaSync;
    }

    static ImdsException failure(SyncCall<?> sync, Supplier<? extends CompletableFuture<?>> async)
            throws Exception {
        ImdsException viaSync = null;
        try {
            sync.call();
        } catch (ImdsException e) {
            viaSync = e;
        }
        assertThat(viaSync).as("sync call failed").isNotNull();
        try {
            async.get().get(30, TimeUnit.SECONDS);
            throw new AssertionError("async call succeeded where sync failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isExactlyInstanceOf(viaSync.getClass())
                    .hasMessage(viaSync.getMessage());
        }
        return viaSync;
    }
}
