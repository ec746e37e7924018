#!/usr/bin/env bash
# CPU of a node while 50 consumers' fetches wait on a quiet topic (min_bytes 1 MiB, max_wait 2^31-1).
#   usage: scripts/probe/fetch-wait.sh [--consumers C] [--interval-seconds S] [--min-bytes B] [--max-wait-ms W]
source "$(dirname "$0")/lib.sh"
build_if_missing
start_node "$work/data"
rc=0
probe fetch-wait "$@" || rc=$?
node_log_summary
exit $rc
