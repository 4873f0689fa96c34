/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.benchmarks;

/** A JVM that starts and exits: the cost below which no Java program can go. */
public final class Noop {
    private Noop() {}

    /**
     * Does nothing.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print("");
    }
}
