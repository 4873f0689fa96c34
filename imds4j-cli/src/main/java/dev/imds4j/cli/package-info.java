/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The {@code imds} command: every instance metadata task from a shell.
 *
 * <p>{@link dev.imds4j.cli.Imds} is the entry point; {@code Cli} parses the global options with
 * Apache Commons CLI (it starts in a fraction of picocli's time), picks the command by its first
 * word, and maps exceptions to the documented exit codes in one place. Each subcommand is one
 * class implementing {@code Command}, built only when chosen.
 *
 * <pre>{@code
 * imds --emulator get /latest/meta-data/instance-id
 * imds credentials --format credential-process
 * imds watch --interval 5s --exit-on-notice
 * }</pre>
 */
package dev.imds4j.cli;
