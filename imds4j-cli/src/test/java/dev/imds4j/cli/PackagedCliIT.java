package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged command as users run it: the jar, and the bin/imds launcher. */
final class PackagedCliIT {
    private static final Path JAR = Path.of("target/imds.jar");
    private static final Path LAUNCHER = Path.of(System.getProperty("imds4j.root"), "bin", "imds");

    private record Result(int code, String out, String err) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(CliRun.PATIENT); // a loaded machine may miss the 1 s default
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, UTF_8), new String(err, UTF_8));
    }

    private static List<String> java(String... args) {
        List<String> c = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void jar_emulatorGet() throws Exception {
        Result r = run(java("--emulator", "get", "/latest/meta-data/ami-id"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ami-0c1c30571d2dae5c9");
    }

    @Test
    void jar_notFoundExitCode() throws Exception {
        Result r = run(java("--emulator", "get", "/latest/meta-data/none"));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("imds: GET /latest/meta-data/none at http://127.0.0.1:")
                .hasLineCount(1);
    }

    @Test
    void launcher_oneWordCommand() throws Exception {
        List<String> c = new ArrayList<>(List.of(LAUNCHER.toString(), "--emulator", "identity"));
        Result r = run(c);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"instanceId\" : \"i-0b22a22eec53b9321\"");
    }
}
