# Sourced by jmh.sh and macro.sh: build a module's runnable jar only when its inputs changed.
# build_if_stale ROOT MODULE JAR MODE   (MODE: auto | always | never; SCRIPT names the caller in messages)

build_if_stale() {
  local root="$1" module="$2" jar="$3" mode="$4" reason="" newer
  case "$mode" in
    never)
      [[ -f "$jar" ]] || { echo "$SCRIPT: $jar is missing; run without --no-build to build it" >&2; exit 2; }
      return 0 ;;
    always) reason="--rebuild" ;;
    *)
      if [[ ! -f "$jar" ]]; then
        reason="missing"
      else
        # Directories too: a deleted source file only changes its directory's mtime.
        newer="$(cd "$root" && find fixtures/src jmhresults/src "$module/src" pom.xml ./*/pom.xml \
                   -newer "$jar" -print -quit 2>/dev/null || true)"
        [[ -z "$newer" ]] || reason="older than $newer"
      fi ;;
  esac
  [[ -n "$reason" ]] || return 0
  echo "$SCRIPT: building ${jar#"$root"/} ($reason)" >&2
  # Build output goes to stderr: stdout stays the program's (e.g. ./jmh.sh -l | grep ...).
  (cd "$root" && mvn -B -q -pl "$module" -am package -DskipTests) >&2 \
    || { echo "$SCRIPT: build failed" >&2; exit 1; }
  [[ -f "$jar" ]] || { echo "$SCRIPT: build finished but $jar is missing" >&2; exit 2; }
  touch "$jar"   # the jar now reflects the sources, even if Maven left it untouched
}
