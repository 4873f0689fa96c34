/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

/**
 * Whether metadata requests must carry a session token: the instance's {@code HttpTokens}
 * metadata option.
 */
public enum HttpTokens {
    /** IMDSv2 only: a GET without a token is refused with 401. The default, as on new instances. */
    REQUIRED,
    /** IMDSv1 allowed: a GET without a token is answered; an invalid token is still 401. */
    OPTIONAL
}
