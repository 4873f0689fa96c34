package dev.imds4j.emulator;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in the layout IMDS serves (two-space indent, {@code " : "}), and config parsing. */
final class Json {
    private static final JSON WRITER = JSON.std
            .with(JSON.Feature.PRETTY_PRINT_OUTPUT)
            .with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON READER = JSON.std
            .with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);

    private Json() {}

    static byte[] pretty(Object value) {
        try {
            return WRITER.asBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object; throws IOException with Jackson's location on malformed input. */
    static Map<String, Object> parseObject(String text) throws IOException {
        return READER.mapFrom(text);
    }
}
