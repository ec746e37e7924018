#!/usr/bin/env bash
# Fuzzes every API of a fresh node: 100,000 mutated frames and 8 decompression bombs by default.
#   usage: scripts/probe/fuzz.sh [--frames N] [--seed S] [--connections C] [--max-seconds T] ...
#   (all options: scripts/probe/fuzz.sh --help). Exit 0 when the node still answers and the data
#   written before the fuzz reads back whole.
source "$(dirname "$0")/lib.sh"
build_if_missing
[[ " $* " == *" --help "* ]] && { java -cp "$work/spate.jar:$work/test-classes" io.spate.probe.ProbeMain fuzz --help; exit 0; }
start_node "$work/data"
rc=0
probe fuzz "$@" || rc=$?
node_log_summary
exit $rc
