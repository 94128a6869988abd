#!/usr/bin/env bash
# Build macro/target/cpbench-macro.jar if stale, then run a cpbench macro command.
# ./macro.sh --help lists the commands; ./macro.sh COMMAND --help explains one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/macro/target/cpbench-macro.jar"
SCRIPT=macro.sh

build="auto"
while (($#)); do
  case "$1" in
    --rebuild) build="always"; shift ;;
    --no-build) build="never"; shift ;;
    *) break ;;
  esac
done

# shellcheck source=scripts/build-if-stale.sh
. "$ROOT/scripts/build-if-stale.sh"
build_if_stale "$ROOT" macro "$JAR" "$build"

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# CPBENCH_JAVA_OPTS: JVM options for the command, e.g. CPBENCH_JAVA_OPTS=-Xmx1g ./macro.sh ...
# shellcheck disable=SC2086
exec "$java" ${CPBENCH_JAVA_OPTS:-} -jar "$JAR" "$@"
