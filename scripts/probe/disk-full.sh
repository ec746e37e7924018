#!/usr/bin/env bash
# A node on a small tmpfs that producers fill to the last byte: what producers, consumers and the
# consumer group see while the disk is full, and that writes resume by themselves once the file
# system gets more room (no restart). Prints each step and its figures; cleans up always.
#
#   sudo scripts/probe/disk-full.sh            # SIZE_MIB=64 (the tmpfs), CHECKPOINT_MS=2000
#
# Needs root for the tmpfs mount (or run it under `unshare --user --map-root-user --mount`).
# Uses target/spate.jar (built by scripts/spate when missing). Talks to 127.0.0.1 only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spate="$root/scripts/spate"
size_mib="${SIZE_MIB:-64}"
checkpoint_ms="${CHECKPOINT_MS:-2000}"
work="$(mktemp -d /tmp/spate-disk-full.XXXXXX)"
data="$work/data"
node_log="$work/node.log"
node_pid=""

cleanup() {
  if [[ -n "$node_pid" ]] && kill -0 "$node_pid" 2>/dev/null; then
    kill "$node_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$node_pid" 2>/dev/null || true
  fi
  umount -l "$data" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
used() { df -k --output=used,avail "$data" | tail -1 | awk '{printf "tmpfs: %d KiB used, %d KiB free\n", $1, $2}'; }

mkdir -p "$data"
mount -t tmpfs -o "size=${size_mib}m" tmpfs "$data"
[[ -f "$root/target/spate.jar" ]] || "$spate" --help >/dev/null

step "node on a ${size_mib} MiB tmpfs (log.checkpoint.interval.ms=$checkpoint_ms)"
java -jar "$root/target/spate.jar" --set data.dir="$data" --set listener.port=0 \
  --set log.checkpoint.interval.ms="$checkpoint_ms" >"$node_log" 2>&1 &
node_pid=$!
for _ in $(seq 1 300); do grep -q '^spate ready' "$node_log" && break; sleep 0.1; done
grep '^spate ready' "$node_log"
export SPATE_BROKERS="$(sed -n 's/^spate ready .* listening on \([^ ]*\).*/\1/p' "$node_log" | head -1)"

step "topic t (3 partitions), 300 records acknowledged, group g reads and commits them"
"$spate" topic create t --partitions 3 >/dev/null
seq -f 'before-%g' 1 300 | "$spate" produce t 2>&1 | tail -1
"$spate" consume t --group g --from-beginning --max-messages 300 2>&1 >/dev/null | tail -1
used

step "fill the disk: perf produce 10 KiB records until the node refuses them"
"$spate" perf produce --topic t --records 20000 --record-size 10240 --throughput -1 \
  --producer-property delivery.timeout.ms=8000 --producer-property request.timeout.ms=4000 2>&1 | tail -3 || true
used
echo "and a filler file takes the last pages (small records would still fit in them):"
dd if=/dev/zero of="$data/filler" bs=4k 2>&1 | tail -1 || true
used

step "a producer on the full disk"
start=$(date +%s%N)
# a 100 KiB record (a small one could still fit in the last, partly used page of a segment file)
rc=0
head -c 102400 /dev/zero | tr '\0' 'x' | { cat; echo; } | "$spate" produce t --partition 0 \
  -X delivery.timeout.ms=3000 -X request.timeout.ms=2000 >"$work/produce.out" 2>&1 || rc=$?
tail -1 "$work/produce.out" | cut -c1-240
echo "exit status of that produce: $rc"
echo "(answered in $(( ($(date +%s%N) - start) / 1000000 )) ms)"

step "wait past two checkpoint intervals, then the partitions' state"
sleep $(( checkpoint_ms * 2 / 1000 + 1 ))
"$spate" cluster health 2>&1 | tail -3 || true
echo "WARNING lines in the node log: $(grep -c 'WARNING' "$node_log" || true)"
grep -m4 -E 'append refused|not written' "$node_log" | cut -c1-300 || true

step "reads on the full disk: every acknowledged record of t, from the beginning"
n=$("$spate" consume t --from-beginning --timeout-ms 3000 2>/dev/null | wc -l)
echo "read $n records (300 before + those perf produce got acknowledged)"
"$spate" consume t --from-beginning --timeout-ms 3000 2>&1 >/dev/null | tail -2

step "__consumer_offsets on the full disk: group g's committed offsets, and a commit"
"$spate" group describe g 2>&1 | tail -4 || true
echo "before-more" | "$spate" produce t --partition 1 -X delivery.timeout.ms=2000 -X request.timeout.ms=1500 2>&1 | tail -1 || true
echo "group g reads on (its join and offset commits write to __consumer_offsets):"
"$spate" consume t --group g --max-messages 100 --timeout-ms 10000 2>&1 >/dev/null | tail -2 || true
"$spate" group describe g 2>&1 | tail -3 || true

step "give the file system room (remount at $(( size_mib * 2 )) MiB), no restart"
mount -o remount,size=$(( size_mib * 2 ))m "$data"   # the filler stays
used
start=$(date +%s%N)
seq -f 'after-%g' 1 5 | "$spate" produce t --partition 0 2>&1 | tail -1
echo "(answered in $(( ($(date +%s%N) - start) / 1000000 )) ms)"
"$spate" consume t --partition 0 --offset latest --timeout-ms 1 >/dev/null 2>&1 || true
"$spate" consume t --from-beginning --timeout-ms 3000 2>/dev/null | grep -c '^after-' | sed 's/^/after-records read back: /'
sleep $(( checkpoint_ms / 1000 + 1 ))
grep -E 'succeed again|written again' "$node_log" | cut -c1-200 || true
"$spate" cluster health 2>&1 | tail -1 || true
