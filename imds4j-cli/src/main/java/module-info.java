/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The {@code imds} command. An application: it exports nothing. See {@link dev.imds4j.cli}.
 */
module dev.imds4j.cli {
    requires dev.imds4j;
    requires dev.imds4j.emulator;
    requires org.apache.commons.cli;
    requires com.fasterxml.jackson.jr.ob;
}
