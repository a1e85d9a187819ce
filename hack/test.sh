#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a local Kubernetes control plane
# (built once into the cache by hack/control-plane.sh). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=$(hack/control-plane.sh | tail -n 1)
exec mvn -B verify -Dbaton.controlPlane.dir="$bin_dir" "$@"
