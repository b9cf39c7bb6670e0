#!/usr/bin/env bash
# The capacity model (bench/capacity-model.properties: each component's fixed cost per instance
# and marginal cost per heartbeat, measured at saturation): the instances and cores of each
# component at [heartbeats/s] (100,000), with 30% headroom; given an end-to-end run's steps.csv
# (target/e2e-benchmark/steps.csv), also its predictions against what that run measured, and
# one plot per component (model line, measured points) beside that file.
# Usage: bench/model.sh [heartbeats/s] [steps.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -Djacoco.skip=true -Dimage.tar.skip=true package -pl benchmarks -am
exec java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT-exec.jar model "$@"
