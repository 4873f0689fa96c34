#!/bin/sh
# imds @VERSION@ on its own Java runtime (@RUNTIME@):
# the host needs no Java. Put this folder on PATH, or link this file from one.
# Extra JVM options: IMDS_JAVA_OPTS (split on spaces).
set -f
self=$0
[ -L "$self" ] && self=$(readlink -f -- "$self")
case $self in */*) ;; *) self=./$self ;; esac
home=$(CDPATH='' cd -P -- "${self%/*}/.." && pwd -P) || exit 1
@ARCHIVE@
# Measured in docs/benchmarks.md ("Start-up flags"): C1 only and the serial collector (a short
# run needs neither C2 nor a parallel GC), no perf data file; JVM warnings go to stderr, never
# into the values a script reads from stdout.
# shellcheck disable=SC2086
exec "$home/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  ${archive:+"@USE@$archive"} -Xlog:disable -Xlog:all=warning:stderr \
  @QUIET@ \
  $IMDS_JAVA_OPTS -cp @CLASS_PATH@ dev.imds4j.cli.Imds "$@"
