#!/usr/bin/env bash
# Runs the demo on a local Kubernetes control plane with simulated nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=$(hack/control-plane.sh | tail -n 1)
exec mvn -B -q -DskipTests package exec:exec@demo -Dbaton.controlPlane.dir="$bin_dir" "$@"
