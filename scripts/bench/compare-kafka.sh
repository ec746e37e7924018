#!/usr/bin/env bash
# Spate against Apache Kafka on this machine, side by side in one run (issues 3 and 5, docs/performance.md).
#
#   usage: scripts/bench/compare-kafka.sh                     (about 7-10 minutes; needs java 17, mvn, 2.5 GiB free RAM)
#          WORKLOADS=1node scripts/bench/compare-kafka.sh     only the single-node workloads (about 4-6 minutes)
#          WORKLOADS=3node scripts/bench/compare-kafka.sh     only the 3-node workload (about 3-4 minutes)
#
# Builds target/spate.jar when it is missing or older than the sources, fetches Kafka (KAFKA_VERSION,
# default 4.1.1) from Maven Central into a cache (KAFKA_CACHE, default /tmp/spate-bench-kafka-<version>).
# 1node: starts one node of each on loopback (both -Xms1g -Xmx1g, fresh data dirs, a 3-partition topic)
# and runs every single-node workload on Spate then on Kafka, each with its own perf tool and default
# client settings, after a warm-up of each (1,000,000 records produced, and 1,000,000 consumed before
# consume-100B).
# 3node: then, one system at a time, a 3-node cluster of each on loopback (every node -Xms512m -Xmx512m,
# Kafka in KRaft combined mode), a topic of 3 partitions with 3 replicas and min.insync.replicas 2, a
# warm-up, and 1,000,000 records of 100 bytes with acks=all to all three nodes.
# Output, on stdout:
#   WORKLOAD spate=X kafka=Y ratio=Z      throughput in records/s, ratio spate/kafka;
#                                         latency in ms, ratio kafka/spate (so > 1 is better for Spate)
#   peak-rss-MiB spate=X kafka=Y ratio=Z  the brokers' VmHWM at the end, ratio kafka/spate
#   peak-rss-MiB-3node ...                the same, summed over the three nodes of each cluster
# and the same in target/bench/results.json, the tools' raw outputs and the nodes' logs in
# target/bench/raw/, and (1node) the latency percentiles at 50,000 records/s as a plot,
# target/bench/latency-50k.png. Progress goes to stderr. Every node is stopped on exit, also on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out="$here/target/bench"
raw="$out/raw"
work="$out/work"
version=${KAFKA_VERSION:-4.1.1}
kafka_home=${KAFKA_CACHE:-/tmp/spate-bench-kafka-$version}
sport=${SPATE_PORT:-27092}
kport=${KAFKA_PORT:-29092}                 # and kport + 1 for its controller
s3port=${SPATE3_PORT:-27101}               # the 3 Spate nodes' clients: s3port .. s3port + 2
s3cport=${SPATE3_CLUSTER_PORT:-27201}      # their Hazelcast ports: s3cport .. s3cport + 2
k3port=${KAFKA3_PORT:-29101}               # the 3 Kafka nodes' brokers: k3port .. k3port + 2
k3cport=${KAFKA3_CONTROLLER_PORT:-29111}   # their controllers: k3cport .. k3cport + 2
heap=(-Xms1g -Xmx1g)       # single nodes of both systems, as Kafka's kafka-server-start.sh sets it
heap3=(-Xms512m -Xmx512m)  # every node of both 3-node clusters
tool_heap=(-Xmx1g)         # every perf tool of both systems
jar="$here/target/spate.jar"
say() { echo "[$(date +%T)] $*" >&2; }
fail() { echo "compare-kafka: $*" >&2; exit 1; }
case ${WORKLOADS:-all} in
  all) parts="1node 3node" ;;
  1node|3node) parts=$WORKLOADS ;;
  *) fail "WORKLOADS must be all, 1node or 3node (got '$WORKLOADS')" ;;
esac
want() { [[ " $parts " == *" $1 "* ]]; }

# ---- build and fetch ----
if [[ ! -f $jar ]] || [[ -n $(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit) ]]; then
  say "building $jar"
  (cd "$here" && { mvn -o -q -B -DskipTests package || mvn -q -B -DskipTests package; }) >&2 || fail "build failed"
fi
# connect-file: the FileStream connectors src/test/java/io/spate/kafka/KafkaConnectIT runs from this cache
# (a cache fetched before it was listed lacks its jar, and is fetched again)
if [[ ! -f $kafka_home/lib/.complete-$version || ! -f $kafka_home/lib/connect-file-$version.jar ]]; then
  say "fetching Kafka $version from Maven Central into $kafka_home"
  mkdir -p "$kafka_home"
  cat > "$kafka_home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>kafka-bench</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-file</artifactId><version>$version</version></dependency>
  </dependencies></project>
POM
  rm -rf "$kafka_home/lib"
  (cd "$kafka_home" && { mvn -o -q -B dependency:copy-dependencies -DoutputDirectory=lib ||
      mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib; }) >&2 || fail "fetching Kafka failed"
  touch "$kafka_home/lib/.complete-$version"
fi

# ---- ports, work dirs, and the nodes: every node started is stopped on exit ----
ports=()
want 1node && ports+=("$sport" "$kport" $((kport + 1)))
want 3node && for i in 0 1 2; do ports+=($((s3port + i)) $((s3cport + i)) $((k3port + i)) $((k3cport + i))); done
for p in "${ports[@]}"; do
  (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null &&
    fail "port $p is in use (set SPATE_PORT / KAFKA_PORT / SPATE3_PORT / SPATE3_CLUSTER_PORT / KAFKA3_PORT / KAFKA3_CONTROLLER_PORT)"
done
rm -rf "$out" && mkdir -p "$raw" "$work"
cp "$jar" "$work/spate.jar"  # a rebuild must not pull the classes from under the running nodes
nodes=()                     # pids of the nodes running now
alive() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]; }
stop_nodes() { # SIGTERM to every node, SIGKILL to those still running after 60 s
  local pid deadline=$((SECONDS + 60))
  for pid in ${nodes[@]+"${nodes[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${nodes[@]+"${nodes[@]}"}; do
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    alive "$pid" && { say "node $pid did not stop within 60 s, killing it"; kill -9 "$pid" 2>/dev/null || true; }
    wait "$pid" 2>/dev/null || true
  done
  nodes=()
}
trap stop_nodes EXIT
trap 'exit 130' INT TERM
started_node=""
start_node() { # log command...: starts a node in the background, its pid in $started_node
  local log=$1; shift
  "$@" > "$log" 2>&1 &
  started_node=$!
  nodes+=("$started_node")
}
await_log() { # pid log text what: waits up to 120 s for the line, fails when the node exits before
  local deadline=$((SECONDS + 120))
  until grep -q "$3" "$2"; do
    alive "$1" || { tail -5 "$2" >&2; fail "$4 exited, see $2"; }
    ((SECONDS < deadline)) || fail "$4 did not start within 120 s, see $2"
    sleep 0.5
  done
}
await_port() { # pid port what: waits up to 120 s until the port takes connections, fails when the node exits
  local deadline=$((SECONDS + 120))
  until (exec 3<>/dev/tcp/127.0.0.1/"$2") 2>/dev/null; do
    alive "$1" || fail "$3 exited, see $raw"
    ((SECONDS < deadline)) || fail "$3 did not open port $2 within 120 s, see $raw"
    sleep 0.5
  done
}
wait_until() { # seconds what command...: runs the command every second until it succeeds
  local seconds=$1 what=$2 deadline=$((SECONDS + $1)); shift 2
  until "$@"; do ((SECONDS < deadline)) || fail "$what: not within $seconds s, see $raw"; sleep 1; done
}
hwm() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }  # peak RSS in MiB
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

# ---- the tools: run <name> <system> <command...> keeps the raw output and fails on a bad exit ----
spate_bootstrap=127.0.0.1:$sport
kafka_bootstrap=127.0.0.1:$kport
run() {
  local file="$raw/$1.$2.txt"; shift 2
  # start every run with no dirty pages left by the run before it: Kafka does not fsync, and the
  # kernel writes its data back ~30 s later, in the middle of the next run, where the fdatasyncs of
  # a Spate acks=all run wait behind it (at-50k p99 10 ms -> 193 ms with 1.2 GB written back meanwhile)
  sync
  if ! "$@" > "$file" 2>&1; then tail -5 "$file" >&2; fail "failed: $* (output in $file)"; fi
}
sp() { java "${tool_heap[@]}" -cp "$work/spate.jar" io.spate.cli.SpateCli --bootstrap "$spate_bootstrap" "$@"; }
kt() { java "${tool_heap[@]}" -cp "$kafka_home/lib/*" "org.apache.kafka.tools.$1" "${@:2}"; }
kj() { java "${tool_heap[@]}" -cp "$kafka_home/lib/*" "$@" 2>&1 | grep -v SLF4J || true; }
produce() { # name system records size throughput [topic [transaction-ms]]
  local topic=${6:-bench} txn=()
  # transactions of $7 ms, committed by the tool's send loop (both tools: --transactional-id, --transaction-duration-ms)
  [[ -n ${7:-} ]] && txn=(--transactional-id "perf-$1" --transaction-duration-ms "$7")
  if [[ $2 == spate ]]; then
    run "$1" spate sp perf produce --topic "$topic" --records "$3" --record-size "$4" --throughput "$5" --acks all \
      "${txn[@]}"
  else
    run "$1" kafka kt ProducerPerformance --topic "$topic" --num-records "$3" --record-size "$4" --throughput "$5" \
      "${txn[@]}" --producer-props bootstrap.servers="$kafka_bootstrap" acks=all
  fi
}
# the total line both ProducerPerformance and spate perf produce print:
#   N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, P ms 50th, P ms 95th, P ms 99th, P ms 99.9th.
summary() { # file field: rate avg max p50 p95 p99 p999
  grep -E '^[0-9]+ records sent, .* 99\.9th\.$' "$1" | tail -1 | sed -E \
    's/^[0-9]+ records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, ([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99\.9th\./rate=\1 avg=\3 max=\4 p50=\5 p95=\6 p99=\7 p999=\8/' |
    tr ' ' '\n' | sed -n "s/^$2=//p"
}
field() { local v; v=$(summary "$@"); [[ -n $v ]] || fail "no summary line in $1"; echo "$v"; }
kafka_props() { # node.id broker-port controller-port voters log-dir [extra lines]: a KRaft combined node
  cat <<PROPS
process.roles=broker,controller
node.id=$1
controller.quorum.voters=$4
listeners=PLAINTEXT://127.0.0.1:$2,CONTROLLER://127.0.0.1:$3
advertised.listeners=PLAINTEXT://127.0.0.1:$2
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$5
group.initial.rebalance.delay.ms=0
${6:-}
PROPS
}

results=()   # name unit spate kafka ratio
report() {   # name unit spate kafka: prints the line, ratio in Spate's favour when > 1
  local ratio
  [[ -n $3 && -n $4 ]] || fail "no result for $1 (spate='$3' kafka='$4'), see $raw"
  if [[ $2 == records/s ]]; then
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { r = s / k; printf (r < 0.1 ? "%.3f" : "%.2f"), r }')
  elif [[ $2 == MiB ]]; then
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { printf "%.2f", k / s }')
  else # latency, compared at the tools' whole-millisecond resolution, 1 ms at least (see docs/performance.md)
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { s = int(s); k = int(k); r = (k < 1 ? 1 : k) / (s < 1 ? 1 : s); printf (r < 0.1 ? "%.3f" : "%.2f"), r }')
  fi
  echo "$1 spate=$3 kafka=$4 ratio=$ratio"
  [[ $2 == MiB ]] || results+=("$1 $2 $3 $4 $ratio")
  last_ratio=$ratio
}
echo "# throughput workloads in records/s (ratio spate/kafka); latency in ms (ratio kafka/spate)"

# ==== 1node: one node of each system, both running for the whole part ====
single_node_workloads() {
  say "starting Spate on 127.0.0.1:$sport"
  start_node "$raw/spate-node.log" java "${heap[@]}" -jar "$work/spate.jar" --set listener.host=127.0.0.1 \
    --set listener.port="$sport" --set data.dir="$work/spate-data"
  spate_pid=$started_node
  await_log "$spate_pid" "$raw/spate-node.log" "spate ready" Spate

  say "starting Kafka $version on 127.0.0.1:$kport"
  mkdir -p "$work/kafka"
  kafka_props 1 "$kport" $((kport + 1)) "1@127.0.0.1:$((kport + 1))" "$work/kafka/data" \
    $'offsets.topic.replication.factor=1\ntransaction.state.log.replication.factor=1\ntransaction.state.log.min.isr=1' \
    > "$work/kafka/server.properties"
  kj kafka.tools.StorageTool format -t "$(kj kafka.tools.StorageTool random-uuid | tail -1)" \
    -c "$work/kafka/server.properties" > "$raw/kafka-format.log"
  start_node "$raw/kafka-node.log" java "${heap[@]}" -cp "$kafka_home/lib/*" kafka.Kafka "$work/kafka/server.properties"
  kafka_pid=$started_node
  await_port "$kafka_pid" "$kport" Kafka

  for topic in bench e2e txn; do
    run "create-$topic" spate sp topic create $topic --partitions 3
    run "create-$topic" kafka kt TopicCommand --bootstrap-server "$kafka_bootstrap" --create --topic $topic \
      --partitions 3 --replication-factor 1
  done

  # ---- warm-up (JIT, page cache, connections), not reported ----
  for system in spate kafka; do say "warm-up: $system"; produce warmup $system 1000000 100 -1; done

  # ---- the workloads, Spate then Kafka each ----
  for w in "produce-100B-acks-all 3000000 100 -1" "produce-1KiB-acks-all 1000000 1024 -1" \
           "produce-100B-at-50k 500000 100 50000"; do
    read -r name records size rate <<< "$w"
    for system in spate kafka; do say "$name: $system"; produce "$name" $system "$records" "$size" "$rate"; done
    if [[ $rate == -1 ]]; then
      report "$name" records/s "$(field "$raw/$name.spate.txt" rate)" "$(field "$raw/$name.kafka.txt" rate)"
    else
      report "$name" ms "$(field "$raw/$name.spate.txt" p99)" "$(field "$raw/$name.kafka.txt" p99)"
      report "$name-p50" ms "$(field "$raw/$name.spate.txt" p50)" "$(field "$raw/$name.kafka.txt" p50)"
    fi
  done

  # transactions of 100 ms (kafka-producer-perf-test --transactional-id --transaction-duration-ms 100), to
  # their own topic so that the consume workload below reads the same records as before
  for system in spate kafka; do
    say "produce-100B-txn: $system"; produce produce-100B-txn $system 3000000 100 -1 txn 100
  done
  report produce-100B-txn records/s "$(field "$raw/produce-100B-txn.spate.txt" rate)" \
    "$(field "$raw/produce-100B-txn.kafka.txt" rate)"

  # the first 4,000,000 records of each topic are all 100 bytes (warm-up + produce-100B-acks-all)
  # ---- consume warm-up (the brokers' fetch paths had not run yet), not reported ----
  say "warm-up: spate consume"; run warmup-consume spate sp perf consume --topic bench --records 1000000
  say "warm-up: kafka consume"
  run warmup-consume kafka kt ConsumerPerformance --bootstrap-server "$kafka_bootstrap" --topic bench \
    --messages 1000000 --timeout 60000
  say "consume-100B: spate"; run consume-100B spate sp perf consume --topic bench --records 4000000
  say "consume-100B: kafka"
  run consume-100B kafka kt ConsumerPerformance --bootstrap-server "$kafka_bootstrap" --topic bench \
    --messages 4000000 --timeout 60000
  local spate_consume kafka_consume
  spate_consume=$(sed -nE 's/^4000000 records consumed, ([0-9.]+) records\/sec.*/\1/p' "$raw/consume-100B.spate.txt")
  # Kafka's CSV line: start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance ms, fetch ms, fetch.MB.sec, fetch.nMsg.sec
  kafka_consume=$(grep -E '^[0-9]{4}-' "$raw/consume-100B.kafka.txt" | tail -1 | awk -F', ' '{ print $10 }')
  [[ -n $spate_consume && -n $kafka_consume ]] || fail "no consume result in $raw/consume-100B.*.txt"
  report consume-100B records/s "$spate_consume" "$kafka_consume"

  say "e2e-1-in-flight: spate"; run e2e-1-in-flight spate sp perf e2e --topic e2e --rounds 20000 --record-size 100
  say "e2e-1-in-flight: kafka"; run e2e-1-in-flight kafka kt EndToEndLatency "$kafka_bootstrap" e2e 20000 all 100
  pct() { sed -nE "s/^Percentiles: 50th = ([0-9.]+), 99th = ([0-9.]+), 99\.9th = ([0-9.]+).*/\\$2/p" "$1" | tail -1; }
  local e2e_s50 e2e_k50 e2e_s99 e2e_k99
  e2e_s50=$(pct "$raw/e2e-1-in-flight.spate.txt" 1); e2e_k50=$(pct "$raw/e2e-1-in-flight.kafka.txt" 1)
  e2e_s99=$(pct "$raw/e2e-1-in-flight.spate.txt" 2); e2e_k99=$(pct "$raw/e2e-1-in-flight.kafka.txt" 2)
  [[ -n $e2e_s99 && -n $e2e_k99 ]] || fail "no Percentiles line in $raw/e2e-1-in-flight.*.txt"
  report e2e-1-in-flight ms "$e2e_s99" "$e2e_k99"
  report e2e-1-in-flight-p50 ms "$e2e_s50" "$e2e_k50"

  # ---- peak resident memory of each broker over the whole part ----
  spate_rss=$(hwm "$spate_pid"); kafka_rss=$(hwm "$kafka_pid")
  report peak-rss-MiB MiB "$spate_rss" "$kafka_rss"; rss_ratio=$last_ratio
  stop_nodes
}

# ==== 3node: a 3-node cluster of each system, RF 3, acks=all; one system at a time ====
three_node_workload() {
  local name=produce-100B-acks-all-3node i members="" voters="" cluster_id pids=()
  for i in 0 1 2; do members+="${members:+,}127.0.0.1:$((s3cport + i))"; done
  spate_bootstrap=127.0.0.1:$s3port,127.0.0.1:$((s3port + 1)),127.0.0.1:$((s3port + 2))
  say "starting 3 clustered Spate nodes on 127.0.0.1:$s3port-$((s3port + 2)) (Hazelcast on $s3cport-$((s3cport + 2)))"
  for i in 1 2 3; do
    start_node "$raw/spate3-node-$i.log" java "${heap3[@]}" -jar "$work/spate.jar" --set listener.host=127.0.0.1 \
      --set listener.port=$((s3port + i - 1)) --set data.dir="$work/spate3-$i" --set node.id=$i \
      --set cluster.enabled=true --set cluster.name=spate-bench3 --set cluster.host=127.0.0.1 \
      --set cluster.port=$((s3cport + i - 1)) --set cluster.members="$members" --set cluster.size=3
    pids+=("$started_node")
  done
  for i in 1 2 3; do await_log "${pids[i - 1]}" "$raw/spate3-node-$i.log" "spate ready" "Spate node $i"; done
  wait_until 120 "Spate: 3 healthy nodes" spate3_healthy
  run create-bench3 spate sp topic create bench3 --partitions 3 --replication-factor 3
  wait_until 60 "Spate: bench3 with a full ISR" spate3_healthy
  say "warm-up: spate (3 nodes)"; produce warmup-3node spate 1000000 100 -1 bench3
  say "$name: spate"; produce "$name" spate 1000000 100 -1 bench3
  run describe-bench3 spate sp topic describe bench3
  spate3_rss=0; for i in "${pids[@]}"; do spate3_rss=$((spate3_rss + $(hwm "$i"))); done
  say "stopping the Spate nodes"; stop_nodes; pids=()

  for i in 0 1 2; do voters+="${voters:+,}$((i + 1))@127.0.0.1:$((k3cport + i))"; done
  kafka_bootstrap=127.0.0.1:$k3port,127.0.0.1:$((k3port + 1)),127.0.0.1:$((k3port + 2))
  say "starting 3 Kafka $version nodes on 127.0.0.1:$k3port-$((k3port + 2)) (controllers on $k3cport-$((k3cport + 2)))"
  cluster_id=$(kj kafka.tools.StorageTool random-uuid | tail -1)
  for i in 1 2 3; do
    mkdir -p "$work/kafka3-$i"
    kafka_props $i $((k3port + i - 1)) $((k3cport + i - 1)) "$voters" "$work/kafka3-$i/data" \
      > "$work/kafka3-$i/server.properties"
    kj kafka.tools.StorageTool format -t "$cluster_id" -c "$work/kafka3-$i/server.properties" > "$raw/kafka3-format-$i.log"
  done
  for i in 1 2 3; do
    start_node "$raw/kafka3-node-$i.log" java "${heap3[@]}" -cp "$kafka_home/lib/*" kafka.Kafka \
      "$work/kafka3-$i/server.properties"
    pids+=("$started_node")
  done
  for i in 0 1 2; do await_port "${pids[i]}" $((k3port + i)) "Kafka node $((i + 1))"; done
  wait_until 120 "Kafka: 3 brokers in the metadata" kafka3_brokers
  run create-bench3 kafka kt TopicCommand --bootstrap-server "$kafka_bootstrap" --create --topic bench3 \
    --partitions 3 --replication-factor 3 --config min.insync.replicas=2
  wait_until 60 "Kafka: bench3 with a full ISR" kafka3_isr_full
  say "warm-up: kafka (3 nodes)"; produce warmup-3node kafka 1000000 100 -1 bench3
  say "$name: kafka"; produce "$name" kafka 1000000 100 -1 bench3
  run describe-bench3 kafka kt TopicCommand --bootstrap-server "$kafka_bootstrap" --describe --topic bench3
  kafka3_rss=0; for i in "${pids[@]}"; do kafka3_rss=$((kafka3_rss + $(hwm "$i"))); done
  say "stopping the Kafka nodes"; stop_nodes

  report "$name" records/s "$(field "$raw/$name.spate.txt" rate)" "$(field "$raw/$name.kafka.txt" rate)"
  report "$name-p99" ms "$(field "$raw/$name.spate.txt" p99)" "$(field "$raw/$name.kafka.txt" p99)"
  report peak-rss-MiB-3node MiB "$spate3_rss" "$kafka3_rss"; rss3_ratio=$last_ratio
}
spate3_healthy() { # every node registered, every partition with a leader and a full ISR
  sp cluster health > "$raw/cluster-health.spate.txt" 2>&1 && grep -q '^HEALTHY: 3 node' "$raw/cluster-health.spate.txt"
}
kafka3_brokers() { # the metadata lists only unfenced brokers
  [[ $(kt BrokerApiVersionsCommand --bootstrap-server "$kafka_bootstrap" 2>/dev/null | grep -c ' (id: ') == 3 ]]
}
kafka3_isr_full() { # 3 partition lines, each with an ISR of 3
  kt TopicCommand --bootstrap-server "$kafka_bootstrap" --describe --topic bench3 2>/dev/null | awk '
    /Partition: / { n++; for (i = 1; i < NF; i++) if ($i == "Isr:" && split($(i + 1), a, ",") == 3) full++ }
    END { exit !(n == 3 && full == 3) }'
}

if want 1node; then single_node_workloads; fi
if want 3node; then three_node_workload; fi
elapsed=$(( $(date +%s) - started ))
echo "# run took ${elapsed}s after the build; load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- results.json and the plot ----
{
  echo "{"
  echo "  \"date\": \"$(date -u +%FT%TZ)\", \"kafkaVersion\": \"$version\", \"spateCommit\": \"$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "  \"cpus\": $(nproc), \"loadAverageStart\": \"$load_start\", \"runSeconds\": $elapsed, \"workloadSets\": \"$parts\","
  echo "  \"workloads\": ["
  sep=""
  for r in "${results[@]}"; do
    read -r name unit s k ratio <<< "$r"
    printf '%s    {"workload": "%s", "unit": "%s", "spate": %s, "kafka": %s, "ratio": %s}' "$sep" "$name" "$unit" "$s" "$k" "$ratio"
    sep=$',\n'
  done
  echo; echo -n "  ]"
  if want 3node; then
    echo ","; echo -n "  \"peakRssMiB3node\": {\"spate\": $spate3_rss, \"kafka\": $kafka3_rss, \"ratio\": $rss3_ratio}"
  fi
  if want 1node; then
    echo ","; echo "  \"peakRssMiB\": {\"spate\": $spate_rss, \"kafka\": $kafka_rss, \"ratio\": $rss_ratio},"
    echo "  \"latencyAt50kMs\": {"
    for system in spate kafka; do
      f="$raw/produce-100B-at-50k.$system.txt"
      printf '    "%s": {"p50": %s, "p95": %s, "p99": %s, "p999": %s, "max": %s, "avg": %s}' "$system" \
        "$(field "$f" p50)" "$(field "$f" p95)" "$(field "$f" p99)" "$(field "$f" p999)" "$(field "$f" max)" "$(field "$f" avg)"
      [[ $system == spate ]] && echo "," || echo
    done
    echo -n "  }"
  fi
  echo; echo "}"
} > "$out/results.json"
if want 1node; then
  for system in spate kafka; do
    f="$raw/produce-100B-at-50k.$system.txt"
    for p in 50:p50 95:p95 99:p99 99.9:p999 100:max; do echo "$system ${p%%:*} $(field "$f" "${p#*:}")"; done
  done > "$out/latency-50k.tsv"
  java -Djava.awt.headless=true "$here/scripts/bench/PlotLatency.java" "$out/latency-50k.tsv" "$out/latency-50k.png" >&2 ||
    fail "plotting failed"
  say "results in $out/results.json, plot in $out/latency-50k.png, raw outputs in $raw"
else
  say "results in $out/results.json, raw outputs in $raw"
fi
