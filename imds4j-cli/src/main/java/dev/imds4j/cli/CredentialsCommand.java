/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.InstanceCredentials;
import dev.imds4j.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.Options;

/**
 * {@code imds credentials}: the IAM role's credentials. Without {@code --format} a summary that
 * holds no secret, or under {@code --json} every field with the secrets redacted; the formats
 * exist to hand the full set to another program.
 */
final class CredentialsCommand extends Command {
    CredentialsCommand() {
        super("imds credentials [--role ROLE] [--json [--show-secrets] | --format FMT]",
                """
                Without options, prints the role, access key id and expiration, and no secret.
                --json prints every field as JSON, SecretAccessKey and Token as <redacted>
                unless --show-secrets. The formats print the full set, secrets included:
                  json                 the fields as JSON (as --json --show-secrets)
                  env                  export AWS_...='...' lines, quoted for any POSIX
                                       shell: eval "$(imds credentials --format env)"
                  credential-process   the JSON the AWS CLI and SDKs read from a
                                       credential_process command
                Exits 3 when no IAM role is attached to the instance. A value that cannot be
                printed exactly is refused (exit 1), never changed: one holding an unpaired
                surrogate (JSON \\ud800 alone, which UTF-8 cannot encode), in every output,
                and one holding NUL, which no shell variable can hold, in --format env.
                Expiration prints exactly as served (ISO 8601, offset and fraction kept).""",
                """
                  --role ROLE      the IAM role, one path segment (default:
                                   AWS_EC2_INSTANCE_PROFILE_NAME, the profile's
                                   ec2_instance_profile_name, or the role IMDS lists)
                  --json           every field as JSON, secrets redacted
                  --show-secrets   with --json: do not redact
                  --format FORMAT  json, env or credential-process
                """);
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.valued("role", "ROLE"))
                .addOption(Flags.valued("format", "FORMAT")).addOption(Flags.flag(Flags.JSON))
                .addOption(Flags.flag(Flags.SHOW_SECRETS));
    }

    /** The provider for {@code role}, or for the configured or discovered role when null. */
    private static ImdsCredentialsProvider provider(Context context, String role) {
        ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder(context.client())
                .logger(context.logger());
        if (role != null) {
            try {
                b.role(role);
            } catch (IllegalArgumentException e) {
                String reason = e.getMessage();
                throw new UsageException("--role: " + (reason.startsWith("role: ")
                        ? reason.substring(6) : reason), e);
            }
        }
        return b.build();
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        String format = flags.value("format");
        if (format != null && !format.equals("json") && !format.equals("env")
                && !format.equals("credential-process")) {
            throw new UsageException("--format: expected json, env or credential-process, not "
                    + Text.quote(format));
        }
        boolean json = flags.has(Flags.JSON);
        if (json && format != null) {
            throw new UsageException("--json and --format cannot be used together");
        }
        if (flags.has(Flags.SHOW_SECRETS) && !json) {
            throw new UsageException("--show-secrets goes with --json; the summary holds no "
                    + "secret and the formats print them anyway");
        }
        String role = flags.value("role");
        ImdsCredentialsProvider provider = provider(context, role);
        InstanceCredentials c = read(context, provider, role);
        checkEncodable(c, format == null && !(json && flags.has(Flags.SHOW_SECRETS)));
        if (json) {
            context.out.println(Json.pretty(fields(c, flags.has(Flags.SHOW_SECRETS))));
            return ExitCode.OK;
        }
        if (format == null) {
            context.out.println("role:          " + Text.escape(c.roleName()));
            context.out.println("access key id: " + Text.escape(c.accessKeyId()));
            context.out.println("expiration:    " + Text.escape(c.servedExpiration()));
            if (c.accountId() != null) {
                context.out.println("account:       " + Text.escape(c.accountId()));
            }
            return ExitCode.OK;
        }
        switch (format) {
            case "env" -> context.out.print(env(c));
            case "credential-process" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Version", 1);
                m.put("AccessKeyId", c.accessKeyId());
                m.put("SecretAccessKey", c.secretAccessKey().reveal());
                m.put("SessionToken", c.sessionToken().reveal());
                m.put("Expiration", c.servedExpiration());
                context.out.println(Json.pretty(m));
            }
            default -> context.out.println(Json.pretty(fields(c, true)));
        }
        return ExitCode.OK;
    }

    /**
     * Reads the credentials, and says in plain words when the instance has no role, or not the
     * one named.
     */
    private static InstanceCredentials read(Context context, ImdsCredentialsProvider provider,
            String role) throws Exception {
        try {
            return provider.credentials();
        } catch (ImdsStatusException e) {
            if (e.status() != 404) {
                throw e;
            }
            String answer = " (" + e.method() + " " + e.path() + " at " + e.endpoint()
                    + ": 404 Not Found)";
            if (e.path().endsWith("/security-credentials/")
                    || e.path().endsWith("/security-credentials-extended/")) {
                throw new NotFoundException("no IAM role is attached to this instance" + answer);
            }
            String named;
            if (role != null) {
                named = "--role " + Text.quote(role);
            } else {
                Optional<Setting<String>> configured = context.client().config()
                        .instanceProfileName();
                named = configured.isEmpty() ? "the discovered role" : "role "
                        + Text.quote(configured.get().value()) + " (from "
                        + configured.get().source().description() + ")";
            }
            throw new NotFoundException("no credentials for " + named + ": it is not the IAM "
                    + "role attached to this instance, or none is attached ('imds ls "
                    + "iam/security-credentials/' lists it)" + answer);
        }
    }

    /**
     * Refuses credentials that would print changed: a lone surrogate (JSON {@code &#92;ud800}
     * alone) has no UTF-8 form, and the output would show {@code ?} in its place. Only the
     * fields that will be printed count: not the secrets when they print redacted.
     *
     * @throws IllegalStateException naming the field, never the value
     */
    private static void checkEncodable(InstanceCredentials c, boolean secretsRedacted) {
        checkEncodable("RoleName", c.roleName());
        checkEncodable("AccessKeyId", c.accessKeyId());
        checkEncodable("AccountId", c.accountId());
        if (!secretsRedacted) {
            checkEncodable("SecretAccessKey", c.secretAccessKey().reveal());
            checkEncodable("Token", c.sessionToken().reveal());
        }
    }

    private static void checkEncodable(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalStateException("the credentials' " + field + " holds an "
                        + "unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not "
                        + "text and has no UTF-8 form; refusing to print it changed");
            }
        }
    }

    /** Every field, the secrets redacted unless {@code reveal}. */
    private static Map<String, Object> fields(InstanceCredentials c, boolean reveal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RoleName", c.roleName());
        m.put("AccessKeyId", c.accessKeyId());
        m.put("SecretAccessKey", reveal ? c.secretAccessKey().reveal() : Secrets.REDACTED);
        m.put("Token", reveal ? c.sessionToken().reveal() : Secrets.REDACTED);
        m.put("Expiration", c.servedExpiration());
        m.put("LastUpdated", c.lastUpdated() == null ? null : c.lastUpdated().toString());
        m.put("AccountId", c.accountId());
        return m;
    }

    /**
     * {@code export NAME='value'} lines that any POSIX shell reads back as exactly the served
     * values and that run nothing, whatever the values hold.
     */
    static String env(InstanceCredentials c) {
        return "export AWS_ACCESS_KEY_ID=" + shellQuote(c.accessKeyId()) + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + shellQuote(c.secretAccessKey().reveal())
                + "\n"
                + "export AWS_SESSION_TOKEN=" + shellQuote(c.sessionToken().reveal()) + "\n"
                + "export AWS_CREDENTIAL_EXPIRATION=" + shellQuote(c.servedExpiration())
                + "\n";
    }

    /**
     * Quotes for POSIX shells: within single quotes nothing is special, so the value goes in
     * them whole, each {@code '} written as {@code '\''}. A NUL cannot be in a shell variable,
     * so a value holding one is refused rather than cut.
     */
    static String shellQuote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalStateException("a credential value holds a NUL character, which "
                    + "no shell variable can hold; refusing to print it for a shell");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
