package dev.imds4j.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.SensitiveString;
import dev.imds4j.emulator.ImdsEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.imds.Ec2MetadataResponse;

/** Every benchmarked client and program reads the right value: a failing one measures nothing. */
final class ClientsTest {
    private static final String AMI = "ami-0c1c30571d2dae5c9";

    @Test
    void everyClient_readsTheValue() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            for (String name : new String[] {"imds4j", "sdk-apache", "sdk-urlconnection",
                "floor"}) {
                try (Clients.Getter g = Clients.create(name, emulator.endpoint())) {
                    Object value = g.get();
                    String text = value instanceof SensitiveString s ? s.reveal()
                            : value instanceof Ec2MetadataResponse r ? r.asString()
                            : (String) value;
                    assertThat(text).as(name).isEqualTo(AMI);
                }
            }
        }
    }

    @Test
    void processPrograms_printTheValue() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            String ep = emulator.endpoint().toString();
            assertThat(capture(() -> JvmFloor.main(new String[] {ep, Clients.PATH})))
                    .isEqualTo(AMI);
            assertThat(capture(() -> SdkV2Get.main(new String[] {"urlconnection", ep,
                Clients.PATH}))).isEqualTo(AMI);
            assertThat(capture(() -> SdkV2Get.main(new String[] {"apache", ep, Clients.PATH})))
                    .isEqualTo(AMI);
        }
    }

    private interface Main {
        void run() throws Exception;
    }

    private static String capture(Main main) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(saved);
        }
        return out.toString(UTF_8);
    }
}
