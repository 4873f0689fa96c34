package dev.imds4j.cli;

import dev.imds4j.InstanceIdentity;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code imds identity}: the instance identity document. */
final class IdentityCommand extends Command {
    IdentityCommand() {
        super("imds identity",
                "Prints the instance identity document as JSON.", "");
    }

    @Override
    int run(Context context, Flags flags) throws Exception {
        noMoreThan(flags, 0);
        InstanceIdentity id = context.client().metadata().identityDocument();
        context.out.println(Json.pretty(toMap(id)));
        return ExitCode.OK;
    }

    static Map<String, Object> toMap(InstanceIdentity id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", id.accountId());
        m.put("architecture", id.architecture());
        m.put("availabilityZone", id.availabilityZone());
        m.put("billingProducts", id.billingProducts());
        m.put("devpayProductCodes", id.devpayProductCodes());
        m.put("marketplaceProductCodes", id.marketplaceProductCodes());
        m.put("imageId", id.imageId());
        m.put("instanceId", id.instanceId());
        m.put("instanceType", id.instanceType());
        m.put("kernelId", id.kernelId());
        m.put("pendingTime", id.pendingTime().toString());
        m.put("privateIp", id.privateIp());
        m.put("ramdiskId", id.ramdiskId());
        m.put("region", id.region());
        m.put("version", id.version());
        return m;
    }
}
