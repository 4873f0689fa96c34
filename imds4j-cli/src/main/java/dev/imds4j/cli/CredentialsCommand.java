package dev.imds4j.cli;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.InstanceCredentials;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code imds credentials}: the IAM role's credentials. Without {@code --format} a summary that
 * holds no secret; the formats exist to hand the full set to another program.
 */
final class CredentialsCommand extends Command {
    CredentialsCommand() {
        super("imds credentials [--role ROLE] [--format json|env|credential-process]",
                """
                Without --format, prints the role, access key id and expiration, and no secret.
                The formats print the full set, secrets included:
                  json                 the fields as JSON
                  env                  export AWS_ACCESS_KEY_ID=... lines for a shell
                  credential-process   the JSON the AWS CLI and SDKs read from a
                                       credential_process command""",
                "  --role ROLE      the IAM role (default: AWS_EC2_INSTANCE_PROFILE_NAME, the\n"
                        + "                   profile's ec2_instance_profile_name, or discovered)\n"
                        + "  --format FORMAT  json, env or credential-process\n");
    }

    @Override
    Options options() {
        return new Options().addOption(Flags.valued("role", "ROLE"))
                .addOption(Flags.valued("format", "FORMAT"));
    }

    private static ImdsCredentialsProvider provider(Context context, ImdsClient client) {
        return ImdsCredentialsProvider.builder(client).logger(context.logger()).build();
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        String format = flags.value("format");
        if (format != null && !format.equals("json") && !format.equals("env")
                && !format.equals("credential-process")) {
            throw new UsageException("--format: expected json, env or credential-process, not '"
                    + format + "'");
        }
        String role = flags.value("role");
        InstanceCredentials c;
        if (role == null) {
            c = provider(context, context.client()).credentials();
        } else {
            Map<String, String> env = new HashMap<>(context.env);
            env.put("AWS_EC2_INSTANCE_PROFILE_NAME", role);
            try (ImdsClient client = context.builder(env).build()) {
                c = provider(context, client).credentials();
            }
        }
        if (format == null) {
            context.out.println("role:          " + c.roleName());
            context.out.println("access key id: " + c.accessKeyId());
            context.out.println("expiration:    " + c.expiration());
            if (c.accountId() != null) {
                context.out.println("account:       " + c.accountId());
            }
            return ExitCode.OK;
        }
        switch (format) {
            case "env" -> {
                context.out.println("export AWS_ACCESS_KEY_ID=" + c.accessKeyId());
                context.out.println("export AWS_SECRET_ACCESS_KEY=" + c.secretAccessKey().reveal());
                context.out.println("export AWS_SESSION_TOKEN=" + c.sessionToken().reveal());
                context.out.println("export AWS_CREDENTIAL_EXPIRATION=" + c.expiration());
            }
            case "credential-process" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Version", 1);
                m.put("AccessKeyId", c.accessKeyId());
                m.put("SecretAccessKey", c.secretAccessKey().reveal());
                m.put("SessionToken", c.sessionToken().reveal());
                m.put("Expiration", c.expiration().toString());
                context.out.println(Json.pretty(m));
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("RoleName", c.roleName());
                m.put("AccessKeyId", c.accessKeyId());
                m.put("SecretAccessKey", c.secretAccessKey().reveal());
                m.put("Token", c.sessionToken().reveal());
                m.put("Expiration", c.expiration().toString());
                m.put("LastUpdated", c.lastUpdated() == null ? null : c.lastUpdated().toString());
                m.put("AccountId", c.accountId());
                context.out.println(Json.pretty(m));
            }
        }
        return ExitCode.OK;
    }
}
