/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

/**
 * What the interruption watcher does when a notice calls for a graceful shutdown ({@code
 * imds4j.interruption.shutdown.enabled=true}). The default closes the application context on a
 * new thread through {@code SpringApplication.exit}, which runs the web server's graceful
 * shutdown and every bean's destruction; define a bean of this type to do something else, such
 * as deregister from a load balancer first, or end the JVM with {@code System.exit}.
 *
 * <p>Called at most once per context, on the watcher's thread: return quickly and do the work
 * elsewhere, since closing the context stops the watcher.
 */
@FunctionalInterface
public interface ImdsShutdownHandler {
    /**
     * Starts the shutdown.
     *
     * @param cause the notice that called for it
     */
    void shutdown(ImdsNoticeEvent cause);
}
