#!/usr/bin/env bash
# The player simulator: `./simulator.sh simulate [options]` sends simulated viewers to a
# running suite and writes the ground truth; `./simulator.sh verify --truth FILE
# --operator-key KEY` compares the services' answers with it (exit 1 on any difference).
# `./simulator.sh --help` lists the options. Builds the jar when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
jar=local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -q -DskipTests -Djacoco.skip=true package
fi
exec java -jar "$jar" simulator "$@"
