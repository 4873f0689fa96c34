/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code imds.*} properties, named {@value #NAME} and last in the environment, so that any
 * other source (such as {@code imds.instance-id=local} in a profile) overrides them. Values are
 * read when a name is resolved, never listed or read ahead: the source lists no names.
 *
 * <p>It is an {@link EnumerablePropertySource} all the same, with no names, because Spring
 * Boot's binder asks every source whether it may hold properties under a prefix before it
 * binds a {@code @ConfigurationProperties} bean's nested objects: a source that cannot be
 * enumerated answers "unknown", and the binder then looks up every nested property of every
 * such bean in the application one by one, instead of skipping the nested objects that no
 * source sets. An empty list answers "absent" for every prefix; names are still resolved
 * directly ({@link #getProperty}, {@link #containsProperty}).
 */
final class ImdsPropertySource extends EnumerablePropertySource<MetadataValues> {
    private static final String[] NO_NAMES = {};

    /** The name of the source in the environment. */
    static final String NAME = "imds";
    static final String PREFIX = "imds.";

    ImdsPropertySource(MetadataValues values) {
        super(NAME, values);
    }

    /**
     * Returns no names: values are read only when a name is resolved.
     *
     * @return an empty array
     */
    @Override
    public String[] getPropertyNames() {
        return NO_NAMES;
    }

    /** Whether {@code name} resolves here: reads it, as a non-enumerable source would. */
    @Override
    public boolean containsProperty(String name) {
        return getProperty(name) != null;
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
