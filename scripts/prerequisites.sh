#!/usr/bin/env bash
# Makes sure this machine has what the local servers need that Maven cannot bring:
# a PostgreSQL server (Debian's package) and a JDK 21+ for the schema registry.
# Safe to run again; installs only what is missing, and only as root.
set -euo pipefail

have_postgres() {
  [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null
}

if ! have_postgres; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "Installing the PostgreSQL server (Debian package 'postgresql')..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  else
    echo "No PostgreSQL server found. Install it (apt-get install postgresql) or set PG_BIN to the directory holding initdb." >&2
    exit 1
  fi
fi

jdk_feature() {
  sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -1
}

found_jdk21=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
  feature=$(jdk_feature "$home")
  if [ -n "$feature" ] && [ "$feature" -ge 21 ]; then found_jdk21=$home; break; fi
done
if [ -z "$found_jdk21" ]; then
  echo "The schema registry (Apicurio) needs a JDK 21 or newer and none was found under JAVA_HOME or /usr/lib/jvm." >&2
  echo "Install one (for example Temurin 25, or 'apt-get install openjdk-21-jdk-headless' where Debian has it)." >&2
  exit 1
fi
