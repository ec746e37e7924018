#!/usr/bin/env bash
# A/B throughput of two (or more) Spate builds in one run, alternating, so that background load hits
# every build alike (docs/performance.md, "A/B between builds").
#
#   usage: scripts/bench/ab-spate.sh [-r ROUNDS] [-o OUTDIR] JAR_A JAR_B [JAR_C ...]
#
# Each JAR is a fat jar (target/spate.jar of some commit, copied aside), optionally followed by
# producer properties for its produce workloads, each after a "+": new.jar+enable.idempotence=false
# runs new.jar with idempotence off (its name in the results is "new+enable.idempotence=false"), so
# one jar can be compared with itself under two settings in the same run. For every round, for every jar
# in turn: start one node from that jar (-Xms1g -Xmx1g, fresh data dir, 127.0.0.1, port AB_PORT,
# default 28092), create a 3-partition topic, warm up (1,000,000 x 100 B), then run with that jar's own
# `spate perf` tools (each -Xmx1g):
#   produce-100B   3,000,000 records of 100 B, unlimited rate, acks=all
#   produce-1KiB   1,000,000 records of 1,024 B, unlimited rate, acks=all
#   consume-100B   the first 4,000,000 records (all 100 B) from the beginning
# and stop the node. The same workloads and commands as compare-kafka.sh, Spate only.
# AB_NODE_OPTS / AB_TOOL_OPTS add JVM options to the node / the tools (for example a JFR recording,
# with %j for the jar's name, %w for the workload and %r for the round in file names).
#
# Output on stdout: one line per measurement, "round=N jar=NAME workload=W rate=R tool-cpu-ms=T
# node-cpu-ms=C" (records/s; the CPU time, user + system, the tool and the node spent on the workload),
# the load average before each node start as a comment, and at the end one line per workload and jar
# with the medians over the rounds and the rate's ratio to the first jar's median. On a shared machine
# the CPU times move much less than the rates: compare both. Raw outputs stay in OUTDIR (default
# /tmp/spate-ab), one directory per round and jar. Progress goes to stderr.
set -euo pipefail
rounds=3
out=/tmp/spate-ab
while getopts "r:o:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '4,5p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(( $# >= 2 )) || { sed -n '4,5p' "$0" >&2; exit 2; }
jars=("$@")
port=${AB_PORT:-28092}
say() { echo "[$(date +%T)] $*" >&2; }
fail() { echo "ab-spate: $*" >&2; exit 1; }
jar_path() { echo "${1%%+*}"; }
jar_props() { # the --producer-property options of a JAR+K=V+... argument, one per line
  [[ $1 == *+* ]] || return 0
  tr '+' '\n' <<< "${1#*+}" | sed 's/^/--producer-property=/'
}
for jar in "${jars[@]}"; do [[ -f $(jar_path "$jar") ]] || fail "no such jar: $(jar_path "$jar")"; done
(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && fail "port $port is in use (set AB_PORT)"

rm -rf "$out" && mkdir -p "$out"
node_pid=""
stop_node() {
  [[ -n $node_pid ]] || return 0
  kill "$node_pid" 2>/dev/null || true
  wait "$node_pid" 2>/dev/null || true
  node_pid=""
}
trap stop_node EXIT

node_cpu_ms() { # user + system CPU of the node so far, in ms (fields 14 and 15 of /proc/PID/stat, in ticks)
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$node_pid/stat"
}
name_of() { # the jar's file name without .jar, then its producer properties
  local b
  b=$(basename "$(jar_path "$1")" .jar)
  [[ $1 == *+* ]] && b="$b+${1#*+}"
  echo "$b"
}
opts() { # template jar workload: expands %j, %w and %r (the round)
  local s=${1//%j/$(name_of "$2")}
  s=${s//%r/$round}
  echo "${s//%w/$3}"
}
results="$out/results.txt"
: > "$results"

one() { # round jar
  local round=$1 jar=$2 name dir
  name=$(name_of "$jar")
  dir="$out/$round-$name"
  mkdir -p "$dir"
  cp "$(jar_path "$jar")" "$dir/spate.jar"
  local props
  mapfile -t props < <(jar_props "$jar")
  : > "$dir/node.log"
  echo "# round $round $name: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2046 # option lists
  java -Xms1g -Xmx1g $(opts "${AB_NODE_OPTS:-}" "$jar" node) -jar "$dir/spate.jar" \
    --set listener.host=127.0.0.1 --set listener.port="$port" --set data.dir="$dir/data" > "$dir/node.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 120); do grep -q "spate ready" "$dir/node.log" && break; sleep 0.5; done
  grep -q "spate ready" "$dir/node.log" || fail "node did not start, see $dir/node.log"
  sp() { # workload args...
    local w=$1; shift
    # shellcheck disable=SC2046 # option lists
    local before
    before=$(node_cpu_ms)
    /usr/bin/time -f "%U %S" -o "$dir/$w.time" java -Xmx1g $(opts "${AB_TOOL_OPTS:-}" "$jar" "$w") \
      -cp "$dir/spate.jar" io.spate.cli.SpateCli --bootstrap 127.0.0.1:"$port" "$@" > "$dir/$w.txt" 2>&1 ||
      { tail -5 "$dir/$w.txt" >&2; fail "$w failed, see $dir/$w.txt"; }
    node_ms=$(( $(node_cpu_ms) - before ))
    tool_ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$dir/$w.time")
  }
  sp create topic create bench --partitions 3
  say "round $round $name: warm-up"
  sp warmup perf produce --topic bench --records 1000000 --record-size 100 --throughput -1 --acks all \
    ${props[@]+"${props[@]}"}
  local w rate
  for w in "produce-100B 3000000 100" "produce-1KiB 1000000 1024"; do
    read -r wname records size <<< "$w"
    say "round $round $name: $wname"
    sp "$wname" perf produce --topic bench --records "$records" --record-size "$size" --throughput -1 --acks all \
      ${props[@]+"${props[@]}"}
    rate=$(sed -nE 's/^[0-9]+ records sent, ([0-9.]+) records\/sec.* 99\.9th\.$/\1/p' "$dir/$wname.txt" | tail -1)
    [[ -n $rate ]] || fail "no summary line in $dir/$wname.txt"
    echo "round=$round jar=$name workload=$wname rate=$rate tool-cpu-ms=$tool_ms node-cpu-ms=$node_ms" | tee -a "$results"
  done
  say "round $round $name: consume-100B"
  sp consume-100B perf consume --topic bench --records 4000000
  rate=$(sed -nE 's/^4000000 records consumed, ([0-9.]+) records\/sec.*/\1/p' "$dir/consume-100B.txt")
  [[ -n $rate ]] || fail "no summary line in $dir/consume-100B.txt"
  echo "round=$round jar=$name workload=consume-100B rate=$rate tool-cpu-ms=$tool_ms node-cpu-ms=$node_ms" | tee -a "$results"
  stop_node
  rm -rf "$dir/data" "$dir/spate.jar"
}

for round in $(seq "$rounds"); do
  for jar in "${jars[@]}"; do one "$round" "$jar"; done
done

echo "# medians over $rounds rounds (ratio to $(name_of "${jars[0]}")); cpu-ms: CPU time of the tool and of the node for the workload"
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for w in produce-100B produce-1KiB consume-100B; do
  base=""
  for jar in "${jars[@]}"; do
    name=$(name_of "$jar")
    lines=$(awk -v n="jar=$name" -v w="workload=$w" '$2 == n && $3 == w' "$results")
    rate=$(sed -nE 's/.* rate=([0-9.]+).*/\1/p' <<< "$lines" | median)
    tool=$(sed -nE 's/.* tool-cpu-ms=([0-9]+).*/\1/p' <<< "$lines" | median)
    node=$(sed -nE 's/.* node-cpu-ms=([0-9]+).*/\1/p' <<< "$lines" | median)
    [[ -n $base ]] || base=$rate
    awk -v w="$w" -v n="$name" -v m="$rate" -v b="$base" -v t="$tool" -v c="$node" \
      'BEGIN { printf "%-13s %-24s median=%10.0f ratio=%.2f  tool-cpu-ms=%6d node-cpu-ms=%6d\n", w, n, m, m / b, t, c }'
  done
done
