#!/usr/bin/env bash
# Runs Baton's benchmark on a local Kubernetes control plane with simulated nodes.
# Options: --quick, --meetings N, --placement N, ... (hack/bench.sh --help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=$(hack/control-plane.sh | tail -n 1)
mkdir -p target/bench-tmp
exec mvn -B -q -DskipTests package exec:exec@bench -Dbaton.controlPlane.dir="$bin_dir" \
  "-Dbaton.benchArgs=$*"
