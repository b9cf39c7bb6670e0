#!/usr/bin/env bash
# Makes sure this machine has what the build and the local servers need that Maven cannot
# bring: a PostgreSQL server (Debian's package), a JDK 21+ for the schema registry, Node.js
# 20+ with npm (the web SDK's build and tests) and Chromium with its chromedriver (Debian's
# packages, for the tests in a real browser). Safe to run again; installs only what is missing, and only as root.
set -euo pipefail

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "Installing $* (Debian packages)..."
    [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; APT_UPDATED=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null
  else
    return 1
  fi
}

have_postgres() {
  [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null
}

if ! have_postgres; then
  apt_install postgresql || {
    echo "No PostgreSQL server found. Install it (apt-get install postgresql) or set PG_BIN to the directory holding initdb." >&2
    exit 1
  }
fi

node_major() {
  node --version 2>/dev/null | sed -n 's/^v\([0-9]*\).*/\1/p'
}
if [ "$(node_major)" = "" ] || [ "$(node_major)" -lt 20 ] || ! command -v npm > /dev/null; then
  echo "The web SDK (player-sdk) needs Node.js 20 or newer with npm on the PATH (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install chromium chromium-driver || {
    echo "No /usr/bin/chromium and /usr/bin/chromedriver for the browser tests. Install them (apt-get install chromium chromium-driver)." >&2
    exit 1
  }
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
