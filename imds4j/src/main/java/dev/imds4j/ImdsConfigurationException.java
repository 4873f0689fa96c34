/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

/**
 * A setting read from the environment or the AWS config file is invalid, so no client can be
 * built. The message names where the value came from (the variable, or the file, profile and
 * key) and the value itself.
 */
public final class ImdsConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ImdsConfigurationException(String message) {
        super(message);
    }

    ImdsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
