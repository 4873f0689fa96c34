package dev.imds4j;

import java.util.Objects;

/**
 * A resolved setting and where it came from.
 *
 * @param value the value in effect
 * @param source where it came from, such as {@code builder}, {@code environment variable
 *     AWS_METADATA_SERVICE_TIMEOUT}, {@code /home/me/.aws/config, profile default, key
 *     ec2_metadata_service_endpoint}, or {@code default}
 * @param <T> the value's type
 */
public record Setting<T>(T value, String source) {
    /** Checks that neither component is null. */
    public Setting {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }
}
