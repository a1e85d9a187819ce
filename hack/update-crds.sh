#!/usr/bin/env bash
# Regenerates the Meeting CRD from the Java types and refreshes its copies in crds/ and in the
# Helm chart. Run it after changing anything in dev.baton.api.v1alpha1.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mvn -B -q exec:java -Dbaton.main=dev.baton.api.CrdFiles -Dexec.args="$PWD"
echo "refreshed: crds/meetings.baton.dev.yaml helm/baton/crds/meetings.baton.dev.yaml"
