/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Duration;
import java.time.Instant;

/**
 * A session token and its times, by the client's clock. It is used until its refresh point, a
 * buffer before the expiry IMDS stated, and no longer once IMDS has rejected it (401).
 */
final class Token {
    /** For {@link Refresh}: fresh until the refresh point, usable until expiry. */
    static final Refresh.Policy<Token> POLICY = new Refresh.Policy<Token>() {
        @Override
        public boolean fresh(Token t, Instant now) {
            return !t.rejected && now.isBefore(t.refreshAt);
        }

        @Override
        public boolean usable(Token t, Instant now) {
            return t.usable(now);
        }
    };

    final String value;
    final Instant expiresAt;
    final Instant refreshAt;
    private volatile boolean rejected;

    Token(String value, Instant arrived, Duration ttl) {
        this.value = value;
        this.expiresAt = arrived.plus(ttl);
        this.refreshAt = expiresAt.minus(refreshBuffer(ttl));
    }

    /** 120 s before expiry, or half the TTL when that is shorter, so tokens are reused. */
    static Duration refreshBuffer(Duration ttl) {
        Duration half = Refresh.half(ttl);
        return half.compareTo(Duration.ofSeconds(120)) < 0 ? half : Duration.ofSeconds(120);
    }

    /** IMDS answered 401 to it: never use it again. */
    void reject() {
        rejected = true;
    }

    /** Not rejected and not expired: good to send while the next one is on its way. */
    boolean usable(Instant now) {
        return !rejected && now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Token[<redacted>, expires " + expiresAt + (rejected ? ", rejected" : "") + "]";
    }
}
