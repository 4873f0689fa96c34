/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The settings of the auto-configured client, kept apart from the client so that the {@code
 * imds.*} source can learn that the host is off EC2 without building one (a client is a
 * connection pool, a retry engine and a token cache: some 70 classes a process off EC2 need not
 * load). The {@code imds4j.*} client properties that are set are applied when the context
 * creates this bean, so an invalid one still fails the start, naming the property; the
 * customizers run once, when the settings are first needed; the client is built from them on
 * its first injection or lookup. Thread-safe.
 */
final class ImdsClientSettings {
    private final ImdsClients.ClientProperties properties;
    private final ObjectProvider<ImdsClientCustomizer> customizers;
    private ImdsClient.Builder builder; // guarded by this; null until needed, if nothing is set
    private boolean customized; // guarded by this
    private Boolean knownOffEc2; // guarded by this

    /**
     * Applies the client properties at once, if any is set; the customizers wait for the
     * first use.
     *
     * @param properties the client settings ({@link ImdsClients#clientProperties})
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    ImdsClientSettings(ImdsClients.ClientProperties properties,
            ObjectProvider<ImdsClientCustomizer> customizers) {
        this.properties = properties;
        this.customizers = customizers;
        if (properties.anySet()) {
            this.builder = ImdsClients.builder(properties);
        }
    }

    /**
     * Returns whether a client built from these settings would be known off EC2 ({@link
     * ImdsClient.Builder#knownOffEc2()}), deciding it once without building one.
     *
     * @throws dev.imds4j.ImdsConfigurationException if a setting from the environment or the
     *     AWS config file is invalid
     */
    boolean knownOffEc2() {
        ImdsClient.Builder b = customized();
        synchronized (this) {
            if (knownOffEc2 == null) {
                knownOffEc2 = b.knownOffEc2();
            }
            return knownOffEc2;
        }
    }

    /** Builds a client; the caller closes it. */
    ImdsClient build() {
        ImdsClient.Builder b = customized();
        synchronized (this) {
            return b.build();
        }
    }

    private ImdsClient.Builder customized() {
        synchronized (this) {
            if (customized) {
                return builder;
            }
        }
        // Looked up outside the lock: the lookup may create beans, under Spring's own locks.
        List<ImdsClientCustomizer> list = customizers.orderedStream().toList();
        synchronized (this) {
            if (!customized) {
                if (builder == null) {
                    builder = ImdsClients.builder(properties);
                }
                ImdsClients.customize(builder, list);
                customized = true;
            }
            return builder;
        }
    }
}
