package dev.imds4j.cli;

import dev.imds4j.ImdsConfig;
import dev.imds4j.Setting;
import dev.imds4j.Source;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.Options;

/** {@code imds config [--json]}: the resolved settings and where each came from; no traffic. */
final class ConfigCommand extends Command {
    ConfigCommand() {
        super("imds config [--json]",
                """
                Prints the settings a request would use and where each came from: a flag, an
                environment variable, the AWS config file (file, profile and key), or the
                default. Sends nothing.""",
                "  --json    print one JSON object instead\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.flag(Flags.JSON));
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        ImdsConfig c = context.client().config();
        Map<String, Object> m = new LinkedHashMap<>();
        boolean emulator = flags.has(Flags.EMULATOR);
        m.put("endpoint", c.endpoint().value().toString());
        m.put("endpointSource", source(c.endpoint(), emulator ? "--emulator" : "--endpoint"));
        m.put("endpointMode", c.endpointMode().value() == dev.imds4j.EndpointMode.IPV6
                ? "IPv6" : "IPv4");
        m.put("endpointModeSource", source(c.endpointMode(), "--endpoint-mode"));
        m.put("profile", c.profile().value());
        m.put("profileSource", source(c.profile(), "--profile"));
        m.put("tokenTtlSeconds", c.tokenTtl().value().toSeconds());
        m.put("tokenTtlSource", source(c.tokenTtl(), "--ttl"));
        m.put("maxAttempts", c.maxAttempts().value());
        m.put("maxAttemptsSource", source(c.maxAttempts(), "--attempts"));
        m.put("connectTimeoutMillis", c.connectTimeout().value().toMillis());
        m.put("connectTimeoutSource", source(c.connectTimeout(), "--connect-timeout"));
        m.put("readTimeoutMillis", c.readTimeout().value().toMillis());
        m.put("readTimeoutSource", source(c.readTimeout(), "--read-timeout"));
        m.put("operationTimeoutMillis", c.operationTimeout().value().toMillis());
        m.put("operationTimeoutSource", source(c.operationTimeout(), "--timeout"));
        m.put("disabled", c.disabled().value());
        m.put("disabledSource", c.disabled().source().description());
        m.put("instanceProfileName", c.instanceProfileName().map(Setting::value).orElse(null));
        m.put("instanceProfileNameSource", c.instanceProfileName()
                .map(s -> s.source().description()).orElse("default (discovered from IMDS)"));
        if (flags.has(Flags.JSON)) {
            context.out.println(Json.pretty(m));
            return ExitCode.OK;
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!e.getKey().endsWith("Source")) {
                Object source = m.get(sourceKey(e.getKey()));
                context.out.printf("%-24s %s%n", e.getKey(), e.getValue() == null ? "(unset)"
                        : e.getValue());
                context.out.printf("%-24s   from %s%n", "", source);
            }
        }
        return ExitCode.OK;
    }

    private static String sourceKey(String key) {
        return key.replaceFirst("(Seconds|Millis)$", "") + "Source";
    }

    /** The client calls what the command line set "builder"; say which flag. */
    private static String source(Setting<?> s, String flag) {
        return s.source().kind() == Source.Kind.BUILDER ? "flag " + flag
                : s.source().description();
    }
}
