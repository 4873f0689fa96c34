#!/bin/sh
# imds @VERSION@ on its own Java runtime (@RUNTIME@):
# the host needs no Java. Put this folder on PATH, or link this file from one.
# Extra JVM options: IMDS_JAVA_OPTS (split on spaces).
set -f
self=$0
[ -L "$self" ] && self=$(readlink -f -- "$self")
# An absolute home without a subshell (each fork costs milliseconds of a short run): the kernel
# resolves bin/.. physically, so a linked folder on the way is followed as cd -P would.
case $self in /*) ;; */*) self=$PWD/$self ;; *) self=$PWD/./$self ;; esac
home=${self%/*}/..
@ARCHIVE@
# Measured in docs/benchmarks.md ("Start-up flags"): C1 only and the serial collector (a short
# run needs neither C2 nor a parallel GC), no perf data file; JVM warnings go to stderr, never
# into the values a script reads from stdout.
# shellcheck disable=SC2086
exec "$home/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  ${archive:+"@USE@$archive"} -Xlog:disable -Xlog:all=warning:stderr \
  @QUIET@ \
  $IMDS_JAVA_OPTS -cp @CLASS_PATH@ dev.imds4j.cli.Imds "$@"
