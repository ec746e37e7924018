#!/usr/bin/env bash
# Fills a node's disk: data.dir on a 64 MiB tmpfs (needs root: mount), produce until
# KAFKA_STORAGE_ERROR, check reads and the other partitions past a checkpoint interval, then grow
# the tmpfs to 128 MiB and check writes resume without a restart. The tmpfs is unmounted on exit.
#   usage: sudo scripts/probe/disk-full.sh [--settle-seconds S] [--max-records N]
#   PROBE_CHECKPOINT_MS sets log.checkpoint.interval.ms (default 60000, the node's default);
#   pass --settle-seconds above it.
source "$(dirname "$0")/lib.sh"
[[ $(id -u) == 0 ]] || { echo "disk-full.sh mounts a tmpfs: run it as root" >&2; exit 2; }
build_if_missing
mnt=$work/tmpfs
mkdir -p "$mnt"
mount -t tmpfs -o size=64m spate-probe "$mnt"
trap 'stop_node || true; umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true; cleanup' EXIT
start_node "$mnt/data" --set log.checkpoint.interval.ms="${PROBE_CHECKPOINT_MS:-60000}"
rc=0
probe disk-full --grow-command "mount -o remount,size=128m $mnt" "$@" || rc=$?
df -h "$mnt" | tail -1
node_log_summary
exit $rc
