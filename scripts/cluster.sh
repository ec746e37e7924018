#!/usr/bin/env bash
# Runs a local Spate cluster on loopback: N fat-jar nodes, each with its own ports and data dir.
#
#   scripts/cluster.sh up [N]      start nodes 1..N (default 3) and wait until each is ready
#   scripts/cluster.sh status      which nodes run, their pids and addresses
#   scripts/cluster.sh down        stop every node cleanly (SIGTERM), waiting for each
#   scripts/cluster.sh kill NODE   kill -9 node NODE (crash tests and demos)
#   scripts/cluster.sh start NODE  start one node again (after kill or down)
#
# Node i listens on 127.0.0.1:(7091+i) for clients and 127.0.0.1:(5700+i) for Hazelcast, keeps its
# data in $SPATE_CLUSTER_DIR/node-i (default ./data-cluster, apart from a single node's ./data) and
# logs to node-i.log there; the log of the node's previous run is kept as node-i.log.1 (so a crash's
# last lines survive the restart). Every node is configured from conf/cluster-3.json with the members
# and cluster.size set for N nodes; SPATE_CLUSTER_SET adds settings for every node, as space-separated
# key=value pairs (e.g. SPATE_CLUSTER_SET="log.segment.bytes=1048576 replica.lag.time.max.ms=5000").
# The node count of the last `up` is remembered, so `start NODE` joins the same cluster.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SPATE_CLUSTER_DIR:-$root/data-cluster}"
jar="$root/target/spate.jar"
java="${JAVA:-java}"

ensure_jar() {
  if [[ ! -f "$jar" ]]; then
    echo "cluster.sh: building $jar" >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2
  fi
  # nodes run a copy, so that rebuilding target/spate.jar never pulls the jar from under them
  mkdir -p "$dir"
  cp "$jar" "$dir/spate.jar"
}

pid_of() { cat "$dir/node-$1.pid" 2>/dev/null || true; }
running() { local p; p="$(pid_of "$1")"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }
size() { cat "$dir/size" 2>/dev/null || echo 3; }

start_node() {
  local i="$1" n members="" p
  n="$(size)"
  if running "$i"; then
    echo "node $i already runs (pid $(pid_of "$i"))"
    return 0
  fi
  for ((p = 1; p <= n; p++)); do members+="${members:+,}127.0.0.1:$((5700 + p))"; done
  local extra=() kv
  for kv in ${SPATE_CLUSTER_SET:-}; do extra+=(--set "$kv"); done
  mkdir -p "$dir/node-$i"
  if [[ -f "$dir/node-$i.log" ]]; then
    mv -f "$dir/node-$i.log" "$dir/node-$i.log.1"
  fi
  nohup "$java" -XX:+ExitOnOutOfMemoryError -jar "$dir/spate.jar" --config "$root/conf/cluster-3.json" \
    --set "listener.port=$((7091 + i))" --set "kafka.listener.port=$((9091 + i))" --set "cluster.port=$((5700 + i))" \
    --set "node.id=$i" --set "data.dir=$dir/node-$i" --set "cluster.members=$members" --set "cluster.size=$n" \
    ${extra[@]+"${extra[@]}"} > "$dir/node-$i.log" 2>&1 &
  echo $! > "$dir/node-$i.pid"
}

await_ready() {
  local i="$1" deadline=$((SECONDS + 120))
  until grep -q "^spate ready" "$dir/node-$i.log" 2>/dev/null; do
    if ! running "$i"; then
      echo "node $i exited; last lines of $dir/node-$i.log:" >&2
      tail -5 "$dir/node-$i.log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "node $i not ready after 120 s (see $dir/node-$i.log)" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "node $i: $(grep "^spate ready" "$dir/node-$i.log" | tail -1)"
}

stop_node() {
  local i="$1" p deadline
  p="$(pid_of "$i")"
  if ! running "$i"; then
    return 0
  fi
  kill -TERM "$p"
  deadline=$((SECONDS + 60))
  while kill -0 "$p" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "node $i did not stop within 60 s; killing it" >&2
      kill -9 "$p"
    fi
    sleep 0.2
  done
  rm -f "$dir/node-$i.pid"
  echo "node $i stopped"
}

case "${1:-}" in
  up)
    n="${2:-3}"
    [[ "$n" =~ ^[1-9][0-9]?$ ]] || { echo "cluster.sh: N must be 1..99" >&2; exit 2; }
    ensure_jar
    echo "$n" > "$dir/size"
    for ((i = 1; i <= n; i++)); do : > "$dir/node-$i.log"; start_node "$i"; done
    for ((i = 1; i <= n; i++)); do await_ready "$i"; done
    ;;
  start)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "usage: cluster.sh start NODE" >&2; exit 2; }
    [[ -f "$dir/spate.jar" ]] || ensure_jar
    : > "$dir/node-$2.log"
    start_node "$2"
    await_ready "$2"
    ;;
  status)
    for ((i = 1; i <= $(size); i++)); do
      if running "$i"; then
        echo "node $i running (pid $(pid_of "$i")) on 127.0.0.1:$((7091 + i)), cluster port $((5700 + i))"
      else
        echo "node $i stopped"
      fi
    done
    ;;
  down)
    for ((i = 1; i <= $(size); i++)); do stop_node "$i"; done
    ;;
  kill)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "usage: cluster.sh kill NODE" >&2; exit 2; }
    if running "$2"; then
      kill -9 "$(pid_of "$2")"
      rm -f "$dir/node-$2.pid"
      echo "node $2 killed"
    else
      echo "node $2 is not running" >&2
      exit 1
    fi
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
