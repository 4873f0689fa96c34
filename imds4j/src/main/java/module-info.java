/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The imds4j IMDSv2 client. See {@link dev.imds4j}. It needs nothing beyond {@code java.base}.
 */
module dev.imds4j {
    exports dev.imds4j;
}
