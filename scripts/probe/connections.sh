#!/usr/bin/env bash
# Up to 20,000 idle connections from 127.0.0.1..8, then produce to a topic with 1 MiB segments,
# then close them all and check the node and the partition serve again.
#   usage: scripts/probe/connections.sh [--connections K] [--source-addresses N] ...
# The client's descriptor limit is raised (it needs one per connection); the node keeps its own.
source "$(dirname "$0")/lib.sh"
build_if_missing
start_node "$work/data"
echo "node descriptor limit: $(grep 'Max open files' /proc/$NODE_PID/limits | awk '{print $4}')"
rc=0
( ulimit -n "$(ulimit -Hn)" 2>/dev/null; ulimit -n 1048576 2>/dev/null || true
  echo "client descriptor limit: $(ulimit -n)"; probe connections "$@" ) || rc=$?
echo "segments of probe-roll-0: $(ls "$work/data/probe-roll-0" 2>/dev/null | grep -c '\.log$' || true)"
node_log_summary
exit $rc
