#!/usr/bin/env bash
# Many partly sent large frames against a node with a small heap (PROBE_XMX, default 1g).
#   usage: scripts/probe/heap.sh [--connections 70] [--send-bytes B] [--one-byte-segments] [--max-seconds 90] ...
# Then checks whether the node exits on SIGTERM (a node that lost its event loops may not).
source "$(dirname "$0")/lib.sh"
build_if_missing
start_node "$work/data"
rc=0
probe heap "$@" || rc=$?
node_log_summary
PROBE_STOP_WAIT=${PROBE_STOP_WAIT:-20} stop_node
exit $rc
