#!/bin/sh
# The cpbench-macro image's entrypoint: java $JAVA_OPTS $CPBENCH_JAVA_OPTS -jar /app/cpbench-macro.jar "$@".
# JAVA_OPTS holds the image's defaults (Dockerfile: heap from the container's memory limit, exit on OOM);
# CPBENCH_JAVA_OPTS is appended, so its flags win. The flags the JVM ends up with, heap size included, go to
# stderr on one line first: stdout is the run's (--log-results prints the results there).
set -eu

# shellcheck disable=SC2086 # word splitting of the options is intended
flags=$(java ${JAVA_OPTS:-} ${CPBENCH_JAVA_OPTS:-} -XX:+PrintCommandLineFlags -version 2>/dev/null) \
  || flags="(rejected; the JVM says why below)"
echo "cpbench: JVM flags: $flags" >&2

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} ${CPBENCH_JAVA_OPTS:-} -jar /app/cpbench-macro.jar "$@"
