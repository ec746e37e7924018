#!/usr/bin/env bash
# Creates topics of 10,000 partitions until the node refuses or fails (at most 4 topics, 300 s),
# then restarts the node on the same data and checks it serves.
#   usage: scripts/probe/partitions.sh [--partitions-per-topic P] [--max-topics T] [--max-seconds S]
source "$(dirname "$0")/lib.sh"
build_if_missing
start_node "$work/data"
echo "node descriptor limit: $(grep 'Max open files' /proc/$NODE_PID/limits | awk '{print $4}')"
rc=0
probe partitions --data-dir "$work/data" "$@" || rc=$?
node_log_summary
stop_node
echo "restart on the same data:"
if start_node "$work/data"; then
  probe check --write || rc=1
  node_log_summary
else
  echo "restart failed"; rc=1
fi
exit $rc
