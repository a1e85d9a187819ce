#!/usr/bin/env bash
# Runs the load generator by itself on a local control plane with three simulated nodes:
#   hack/load.sh [--meetings N] [--rate SEGMENTS_PER_SECOND] [--calm DURATION]
#                [--fault rolling-restart|node-crash|none]
# Maven properties (-Dname=value) pass through, e.g. -Dbaton.keepWorkDir=true keeps the logs.
# Defaults: 100 meetings, 2 segments per second each, 15s of calm before and after the fault,
# a rolling restart of the worker Deployment. Exits non-zero when a request failed for good or a
# segment was lost or applied twice.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
mvn_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --meetings) export BATON_LOAD_MEETINGS="$2"; shift 2 ;;
    --rate) export BATON_LOAD_RATE="$2"; shift 2 ;;
    --calm) export BATON_LOAD_CALM="$2"; shift 2 ;;
    --fault) export BATON_LOAD_FAULT="$2"; shift 2 ;;
    -D*) mvn_args+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
bin_dir=$(hack/control-plane.sh | tail -n 1)
exec mvn -B -q -DskipTests package exec:exec@demo -Dbaton.main=dev.baton.testbed.LoadRun \
  -Dbaton.controlPlane.dir="$bin_dir" ${mvn_args[@]+"${mvn_args[@]}"}
