/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

/**
 * Whether a refused connection or a connect timeout is retried like other transient failures.
 * Off EC2 nothing answers, and nobody should wait for that; on EC2, IMDS limits simultaneous
 * connections and drops packets when throttling, which callers see as exactly these failures.
 */
public enum ConnectRetry {
    /**
     * Retried once IMDS is known to be there: this client has had an answer from it, or the host
     * is EC2 ({@link Ec2Host}). Otherwise the call fails at once. The default.
     */
    AUTO,
    /** Always retried, within the attempts and the operation timeout. */
    ALWAYS,
    /** Never retried: the call fails at the first refused or timed-out connect. */
    NEVER;

    boolean retries(boolean reached, Ec2Host host) {
        switch (this) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                return reached || host.kind() == Ec2Host.Kind.EC2;
        }
    }
}
