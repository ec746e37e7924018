#!/usr/bin/env bash
# The long network-partition run of issue 15: NetworkPartitionIT's scenarios, then each node in turn
# cut off for 5 s and healed for 5 s for --seconds (default 300), under acks=all writes and topic
# creations; prints the figures ("NetworkPartitionIT: ..." lines). Needs root, ip and nft
# (scripts/ci/install-tools.sh); the nodes run in network namespaces spate-it-<pid>-*, removed after.
#   usage: scripts/probe/netsplit.sh [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=300
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --help|-h) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done
scripts/ci/install-tools.sh
rc=0
mvn -B -q verify -Dtest=none -Dit.test=NetworkPartitionIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dspate.netsplit.flap.seconds="$seconds" || rc=$?
grep -h "NetworkPartitionIT:" target/failsafe-reports/*NetworkPartitionIT-output.txt 2>/dev/null || true
exit $rc
