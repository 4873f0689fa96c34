#!/usr/bin/env python3
# Copyright The imds4j Authors
# SPDX-License-Identifier: Apache-2.0
"""Spring Boot context start-up with imds4j-spring-boot and with spring-cloud-aws, side by side.

One small application (imds4j-spring-boot's test class dev.imds4j.spring.startup.StartupApp)
runs as a whole process with three class paths: Spring Boot alone; with imds4j-spring-boot; and
with what spring-cloud-aws-starter-imds declares (spring-cloud-aws-autoconfigure and -core 4.1.1,
the SDK's imds 2.42.2 and its apache-client). Loopback only: "on EC2" is a standalone emulator on
127.0.0.1; "off EC2" is, for imds4j, a host that Ec2Host inspects and finds not EC2 (a /sys tree
whose DMI vendor is QEMU, made once by this script under a temporary folder and named to the
application by -Dbench.offEc2Root) with no endpoint configured (the client gets the process
environment without AWS_EC2_METADATA_SERVICE_ENDPOINT; that variable's loopback port stands in
for the link-local address, so a client that failed to see it is off EC2 would knock on
127.0.0.1), and for spring-cloud-aws, which always asks, a closed loopback port (refused: its
best case) or a loopback port that accepts and never answers (as 169.254.169.254 does where
nothing routes it). Runs are interleaved round-robin. Reported per program: wall time from
spawn to exit, CPU time (user + system, from the kernel's rusage of the child: a loaded machine
disturbs it less), and the application's own milliseconds from JVM start to a ready context;
medians with min-max. The load average is printed before and after.

    mvn -q -DskipTests package
    python3 imds4j-benchmarks/spring-startup.py [--runs 11] [--only "alone,off EC2 (host"]

--only keeps the programs whose names contain one of the comma-separated strings, for more
runs of a few rows in the same time.
"""
import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POM = os.path.join(ROOT, "imds4j-benchmarks/spring/pom.xml")
TARGET = os.path.join(ROOT, "imds4j-benchmarks/spring/target")


def need(path):
    if not os.path.exists(path):
        sys.exit(f"spring-startup.py: {path} is missing; run: mvn -q -DskipTests package")
    return path


def classpath(profile):
    out = os.path.join(TARGET, profile + ".txt")
    if not os.path.exists(out):
        subprocess.run(["mvn", "-q", "-f", POM, "-P" + profile, "dependency:build-classpath"],
                       check=True)
    with open(out) as f:
        return f.read().strip()


def silent_server():
    """A loopback port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held = []

    def hold():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=hold, daemon=True).start()
    return server, f"http://127.0.0.1:{server.getsockname()[1]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--only", default="",
                        help="comma-separated parts of program names to keep; default all")
    args = parser.parse_args()
    only = [part for part in args.only.split(",") if part]

    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ \
        else shutil.which("java")
    app = need(os.path.join(ROOT, "imds4j-spring-boot/target/test-classes"))
    imds4j = os.pathsep.join([
        need(os.path.join(ROOT, "imds4j/target/imds4j-0.1.0-SNAPSHOT.jar")),
        need(os.path.join(ROOT, "imds4j-spring-boot/target/imds4j-spring-boot-0.1.0-SNAPSHOT.jar"))])
    emulator_jar = need(os.path.join(ROOT, "imds4j-emulator/target/imds4j-emulator.jar"))
    cp_bare = os.pathsep.join([app, classpath("bare")])
    cp_imds4j = os.pathsep.join([app, imds4j, classpath("imds4j")])
    cp_peer = os.pathsep.join([app, classpath("spring-cloud-aws")])
    main_class = "dev.imds4j.spring.startup.StartupApp"
    quiet = ["--logging.level.root=WARN", "--spring.main.banner-mode=off"]
    three_imds4j = "-Dbench.resolve=imds.instance-id,imds.placement.region,imds.tags.Name"
    three_peer = "-Dbench.resolve=instance-id,placement/region,tags/instance"
    closed = "http://127.0.0.1:9"

    fake_root = tempfile.mkdtemp(prefix="spring-startup-not-ec2-")
    vendor = os.path.join(fake_root, "sys/class/dmi/id/sys_vendor")
    os.makedirs(os.path.dirname(vendor))
    with open(vendor, "w") as f:
        f.write("QEMU\n")
    off_ec2 = "-Dbench.offEc2Root=" + fake_root

    load_before = os.getloadavg()
    server = subprocess.Popen([java, "-jar", emulator_jar, "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    silent, silent_ep = silent_server()
    try:
        first = server.stdout.readline().strip()
        if not first.startswith("listening on "):
            sys.exit("spring-startup.py: the emulator did not start")
        ep = first[len("listening on "):]
        programs = [
            ("Spring Boot alone", cp_bare, [], closed),
            ("imds4j, on EC2 (emulator), nothing resolved", cp_imds4j, [], ep),
            ("imds4j, on EC2 (emulator), 3 keys resolved", cp_imds4j, [three_imds4j], ep),
            ("spring-cloud-aws, on EC2 (emulator), 3 keys resolved", cp_peer, [three_peer], ep),
            ("imds4j, off EC2 (host not EC2, no endpoint), nothing resolved", cp_imds4j,
             [off_ec2], closed),
            ("imds4j, off EC2 (host not EC2, no endpoint), 3 keys resolved", cp_imds4j,
             [off_ec2, three_imds4j], closed),
            ("spring-cloud-aws, off EC2, refused (closed port)", cp_peer, [three_peer], closed),
            ("spring-cloud-aws, off EC2, no answer (silent port)", cp_peer, [three_peer],
             silent_ep),
        ]
        if only:
            programs = [p for p in programs if any(part in p[0] for part in only)]
            if not programs:
                sys.exit(f"spring-startup.py: no program matches --only {args.only}")
        wall = {p[0]: [] for p in programs}
        cpu = {p[0]: [] for p in programs}
        ready = {p[0]: [] for p in programs}
        outputs = {}
        for i in range(args.runs):
            for name, cp, props, endpoint in programs:
                env = dict(os.environ, AWS_EC2_METADATA_SERVICE_ENDPOINT=endpoint)
                for k in ("AWS_PROFILE", "AWS_EC2_METADATA_DISABLED", "AWS_REGION"):
                    env.pop(k, None)
                env["AWS_CONFIG_FILE"] = os.path.join(ROOT, ".ci/aws/config")
                env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(ROOT, ".ci/aws/credentials")
                cmd = [java] + props + ["-cp", cp, main_class] + quiet
                with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
                    start = time.perf_counter()
                    child = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
                    _, status, usage = os.wait4(child.pid, 0)
                    wall[name].append((time.perf_counter() - start) * 1000)
                    cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
                    out.seek(0)
                    err.seek(0)
                    if os.waitstatus_to_exitcode(status) != 0:
                        sys.exit(f"spring-startup.py: {name} failed:\n{err.read()[-2000:]}")
                    lines = out.read().splitlines()
                ready[name].append(int(next(l for l in lines
                                            if l.startswith("context-ready-ms="))[17:]))
                outputs[name] = [l for l in lines if not l.startswith("context-ready-ms=")]
            print(f"run {i + 1}/{args.runs} done", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()
        silent.close()
        shutil.rmtree(fake_root)
    load_after = os.getloadavg()

    def load(avg):
        return " / ".join(f"{x:.2f}" for x in avg)

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"java: {subprocess.run([java, '-version'], capture_output=True, text=True).stderr.splitlines()[0]}")
    print(f"load average (1 / 5 / 15 min) before {load(load_before)}, after {load(load_after)}; "
          f"runs per program: {args.runs}\n")
    print("| program | wall, median (min-max) ms | CPU, median (min-max) ms "
          "| context ready, median (min-max) ms |")
    print("|---|---|---|---|")
    for name, _, _, _ in programs:
        w, c, r = wall[name], cpu[name], ready[name]
        print(f"| {name} | {statistics.median(w):.0f} ({min(w):.0f}-{max(w):.0f}) | "
              f"{statistics.median(c):.0f} ({min(c):.0f}-{max(c):.0f}) | "
              f"{statistics.median(r):.0f} ({min(r)}-{max(r)}) |")
    print()
    for name, lines in outputs.items():
        if lines:
            print(f"{name}: " + "; ".join(lines))


if __name__ == "__main__":
    main()
