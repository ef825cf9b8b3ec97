# Sourced by the benchmark scripts: sets $java to a JDK 21 or newer's java (JAVA_HOME first, then
# /usr/lib/jvm/*), or exits 2 saying so. Usage: . "$(dirname "$0")/../lib/java21.sh"; find_java21 NAME
find_java21() {
  local j v
  java=""
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    if [ -n "$j" ] && [ -x "$j/bin/java" ]; then
      v="$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
      if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java="$j/bin/java"; return 0; fi
    fi
  done
  echo "$1: a JDK 21 or newer is needed (JAVA_HOME or /usr/lib/jvm/*)" >&2
  exit 2
}
