/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a client call the two ways callers make it, so every scenario checks that sync and async
 * behave alike: {@code get} on the calling thread, or {@code getAsync} joined here with the same
 * exception unwrapped.
 */
public enum Mode {
    SYNC, ASYNC;

    public SensitiveString get(ImdsClient client, String path) throws ImdsException {
        return this == SYNC ? client.get(path) : join(client.getAsync(path));
    }

    public byte[] getBytes(ImdsClient client, String path) throws ImdsException {
        return this == SYNC ? client.getBytes(path) : join(client.getBytesAsync(path));
    }

    private static <T> T join(java.util.concurrent.Future<T> future) throws ImdsException {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImdsException imds) {
                throw imds;
            }
            throw new AssertionError("async call failed with a non-IMDS exception", e.getCause());
        } catch (InterruptedException | TimeoutException | CancellationException e) {
            throw new AssertionError("async call did not complete", e);
        }
    }
}
