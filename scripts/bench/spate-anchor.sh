#!/usr/bin/env bash
# Runs one Spate node (fat jar, fresh data dir) on loopback and measures the same reference
# workloads as ../shared/bench/kafka-anchor.sh, with the `spate perf` tools and default settings.
#   usage: scripts/bench/spate-anchor.sh [WORKDIR]   (default /tmp/spate-anchor)
# Prints one line per workload:  <workload> <records/s> <MB/s> <p50 ms> <p99 ms>
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/spate-anchor}
port=${SPATE_PORT:-17092}
jar="$here/target/spate.jar"
[[ -f $jar ]] || (cd "$here" && mvn -q -B -DskipTests package >&2)
rm -rf "$work" && mkdir -p "$work"
cp "$jar" "$work/spate.jar"  # a rebuild must not pull the classes from under the running node
java -Xms1g -Xmx1g -jar "$work/spate.jar" --set listener.port=$port --set kafka.listener.port=0 --set data.dir="$work/data" > "$work/node.out" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q "spate ready" "$work/node.out" && break; sleep 0.5; done
spate() { "$here/scripts/spate" --bootstrap 127.0.0.1:$port "$@"; }
spate topic create bench --partitions 3 >/dev/null
# warm-up, not reported
spate perf produce --topic bench --records 1000000 --record-size 100 --throughput -1 --acks all >/dev/null 2>&1
perf() { # name records size throughput
  spate perf produce --topic bench --records "$2" --record-size "$3" --throughput "$4" --acks all 2>/dev/null | tail -1 |
    sed -E "s/^[0-9]+ records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\).* ([0-9]+) ms 50th, [0-9]+ ms 95th, ([0-9]+) ms 99th.*/$1 \1 \2 \3 \4/"
}
perf produce-100B-acks-all 3000000 100 -1
perf produce-1KiB-acks-all 1000000 1024 -1
perf produce-100B-at-50k 500000 100 50000
spate perf consume --topic bench --records 4000000 2>/dev/null | tail -1 |
  sed -E 's/^[0-9]+ records consumed, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\).*/consume-100B \1 \2 - -/'
