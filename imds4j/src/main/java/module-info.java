/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The imds4j IMDSv2 client. See {@link dev.imds4j}.
 */
module dev.imds4j {
    requires com.fasterxml.jackson.jr.ob;

    exports dev.imds4j;
}
