/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The {@code imds.*} properties, named {@value #NAME} and last in the environment, so that any
 * other source (such as {@code imds.instance-id=local} in a profile) overrides them. Not
 * enumerable: values are read when a name is resolved, never listed or read ahead.
 */
final class ImdsPropertySource extends PropertySource<MetadataValues> {
    /** The name of the source in the environment. */
    static final String NAME = "imds";
    static final String PREFIX = "imds.";

    ImdsPropertySource(MetadataValues values) {
        super(NAME, values);
    }

    @Override
    public Object getProperty(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            return null;
        }
        return getSource().get(name.substring(PREFIX.length()));
    }

    /** Returns the source already in {@code environment}, or null. */
    static ImdsPropertySource find(ConfigurableEnvironment environment) {
        PropertySource<?> source = environment.getPropertySources().get(NAME);
        return source instanceof ImdsPropertySource imds ? imds : null;
    }
}
