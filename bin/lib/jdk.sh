# Shared by bin/jntp and bin/test: find a JDK 25 or newer without needing JAVA_HOME. Sourced, not run.

# Prints the feature version (e.g. 25) of the JDK in directory $1, or nothing.
jdk_feature_version() {
  local rel="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  else
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  printf '%s' "$v"
}

# Prints the home of a JDK >= 25: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm
# (JNTP_JVM_DIR names another directory to search, for tests).
find_jdk() {
  local best="" bestv=0 d v dir="${JNTP_JVM_DIR:-/usr/lib/jvm}"
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_feature_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then printf '%s\n' "$JAVA_HOME"; return 0; fi
  fi
  for d in "$dir"/*/; do
    d=${d%/}
    [ -L "$d" ] && continue
    v=$(jdk_feature_version "$d")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -z "$best" ]; then
    {
      echo "jntp: no JDK 25 or newer found (looked at \$JAVA_HOME${JAVA_HOME:+=$JAVA_HOME} and $dir/*)."
      echo "jntp: install a JDK 25, e.g. Eclipse Temurin 25 (package temurin-25-jdk) so that it lands in"
      echo "jntp: /usr/lib/jvm, or set JAVA_HOME to the directory of a JDK 25 or newer."
    } >&2
    return 1
  fi
  printf '%s\n' "$best"
}
