/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the interruption watcher, on with {@code
 * imds4j.interruption.enabled=true}. Every {@code imds4j.interruption.poll-interval} (5 s) it
 * reads the spot interruption notice, the rebalance recommendation, the scheduled maintenance
 * events and the auto scaling target lifecycle state, and publishes each new one as an {@link
 * ImdsNoticeEvent} subtype on its own thread. With {@code
 * imds4j.interruption.shutdown.enabled=true}, the notices named in {@code
 * imds4j.interruption.shutdown.on} start a graceful shutdown ({@link ImdsShutdownHandler}) {@code
 * imds4j.interruption.shutdown.lead-time} (60 s) before the action they announce, or at once
 * when they name no time.
 *
 * <p>Off EC2, or with IMDS turned off, no thread starts and nothing is sent. The watcher stops
 * with the context. A unique {@link Clock} bean, if the application has one, is the watcher's
 * clock.
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnBooleanProperty("imds4j.interruption.enabled")
@ConditionalOnBean(ImdsClient.class)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsInterruptionAutoConfiguration {
    /** Created by Spring. */
    public ImdsInterruptionAutoConfiguration() {}

    /**
     * Defines the default shutdown: close the context on a new thread, as {@link
     * SpringApplication#exit} does.
     *
     * @param context the application context
     * @return the handler
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("imds4j.interruption.shutdown.enabled")
    public ImdsShutdownHandler imdsShutdownHandler(ConfigurableApplicationContext context) {
        return cause -> {
            Thread t = new Thread(() -> SpringApplication.exit(context), "imds4j-shutdown");
            t.start();
        };
    }

    /**
     * Defines the watcher.
     *
     * @param client the context's client
     * @param properties the {@code imds4j.*} settings
     * @param publisher where events go
     * @param clock a unique {@code Clock} bean, if any
     * @param handler the shutdown handler, when shutdown is on
     * @return the watcher, started and stopped with the context
     */
    @Bean
    public SmartLifecycle imdsInterruptionWatcher(ImdsClient client, ImdsProperties properties,
            ApplicationEventPublisher publisher, ObjectProvider<Clock> clock,
            ObjectProvider<ImdsShutdownHandler> handler) {
        ImdsProperties.Interruption p = properties.getInterruption();
        Duration interval = ImdsClients.check("interruption.poll-interval", p.getPollInterval(),
                Duration.ofMillis(100));
        Duration lead = ImdsClients.check("interruption.shutdown.lead-time",
                p.getShutdown().getLeadTime(), Duration.ZERO);
        return new InterruptionWatcher(client, publisher, clock.getIfUnique(Clock::systemUTC),
                interval, lead, p.getShutdown().getOn(),
                p.getShutdown().isEnabled() ? handler.getObject() : null);
    }
}
