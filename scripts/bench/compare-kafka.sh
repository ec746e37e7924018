#!/usr/bin/env bash
# Spate against Apache Kafka on this machine, side by side in one run (issues 3 and 5, docs/performance.md).
#
#   usage: scripts/bench/compare-kafka.sh                     (about 7-10 minutes; needs java 17, mvn, 2.5 GiB free RAM)
#          WORKLOADS=1node scripts/bench/compare-kafka.sh     only the single-node workloads (about 4-6 minutes)
#          WORKLOADS=3node scripts/bench/compare-kafka.sh     only the 3-node workload (about 3-4 minutes)
#          WORKLOADS=sameclient scripts/bench/compare-kafka.sh  only the same-client workloads (about 4-6 minutes)
#          WORKLOADS=1node,sameclient ...                     any comma-separated list of the three
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
# sameclient (issue 17): one node of each again (fresh data dirs, -Xms1g -Xmx1g), Spate with its Kafka
# listener on 127.0.0.1:SPATE_KAFKA_PORT, and Kafka's own tools driving both, so the client is held equal:
# kafka-topics creates the topics, kafka-producer-perf-test (100 B and 1 KiB, acks=all, and 100 B at
# 50,000 records/s), kafka-consumer-perf-test and the end-to-end latency tool (EndToEndLatency), after
# the same warm-ups as 1node; rows named WORKLOAD-same-client. Each produce workload also runs against
# scripts/bench/NullKafkaBroker.java on 127.0.0.1:NULL_BROKER_PORT, a sink that answers at once and stores
# nothing: rows WORKLOAD-same-client-ceiling give what the client alone reaches on this machine, and the
# ratio to Kafka's figure is the most that any broker could show there with this client.
# Output, on stdout:
#   WORKLOAD spate=X kafka=Y ratio=Z      throughput in records/s, ratio spate/kafka;
#                                         latency in ms, ratio kafka/spate (so > 1 is better for Spate)
#   WORKLOAD-ceiling null=X kafka=Y ratio=Z  (sameclient) the client against the null broker, ratio null/kafka
#                                         (latency: kafka/null): no broker can beat that ratio with this client
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
skport=${SPATE_KAFKA_PORT:-27093}          # the Spate node's Kafka listener in the sameclient part
kport=${KAFKA_PORT:-29092}                 # and kport + 1 for its controller
nport=${NULL_BROKER_PORT:-27094}           # the null broker of the sameclient part (the client's ceiling)
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
parts=""
IFS=, read -r -a requested <<< "${WORKLOADS:-all}"
for w in ${requested[@]+"${requested[@]}"}; do
  case $w in
    all) parts+=" 1node sameclient 3node" ;;
    1node|sameclient|3node) parts+=" $w" ;;
    *) fail "WORKLOADS must be all, or a comma-separated list of 1node, sameclient and 3node (got '${WORKLOADS:-}')" ;;
  esac
done
[[ -n $parts ]] || fail "WORKLOADS names no workload set"
parts=${parts# }
want() { [[ " $parts " == *" $1 "* ]]; }

# ---- build and fetch ----
if [[ ! -f $jar ]] || [[ -n $(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit) ]]; then
  say "building $jar"
  (cd "$here" && { mvn -o -q -B -DskipTests package || mvn -q -B -DskipTests package; }) >&2 || fail "build failed"
fi
KAFKA_VERSION=$version "$here/scripts/ci/fetch-kafka.sh" "$kafka_home" > /dev/null || fail "fetching Kafka failed"

# ---- ports, work dirs, and the nodes: every node started is stopped on exit ----
ports=()
want 1node && ports+=("$sport" "$kport" $((kport + 1)))
want sameclient && ports+=("$sport" "$skport" "$kport" $((kport + 1)) "$nport")
want 3node && for i in 0 1 2; do ports+=($((s3port + i)) $((s3cport + i)) $((k3port + i)) $((k3cport + i))); done
for p in "${ports[@]}"; do
  (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null &&
    fail "port $p is in use (set SPATE_PORT / KAFKA_PORT / NULL_BROKER_PORT / SPATE3_PORT / SPATE3_CLUSTER_PORT / KAFKA3_PORT / KAFKA3_CONTROLLER_PORT)"
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
# EndToEndLatency's and spate perf e2e's line: Percentiles: 50th = P, 99th = P, 99.9th = P (field 1, 2, 3)
pct() { sed -nE "s/^Percentiles: 50th = ([0-9.]+), 99th = ([0-9.]+), 99\.9th = ([0-9.]+).*/\\$2/p" "$1" | tail -1; }
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
ceilings=()  # name unit null-broker kafka ratio (sameclient)
report() {   # name unit spate kafka [label]: prints the line, ratio in Spate's favour when > 1 (label: of another system)
  local ratio
  [[ -n $3 && -n $4 ]] || fail "no result for $1 (spate='$3' kafka='$4'), see $raw"
  if [[ $2 == records/s ]]; then
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { r = s / k; printf (r < 0.1 ? "%.3f" : "%.2f"), r }')
  elif [[ $2 == MiB ]]; then
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { printf "%.2f", k / s }')
  else # latency, compared at the tools' whole-millisecond resolution, 1 ms at least (see docs/performance.md)
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { s = int(s); k = int(k); r = (k < 1 ? 1 : k) / (s < 1 ? 1 : s); printf (r < 0.1 ? "%.3f" : "%.2f"), r }')
  fi
  echo "$1 ${5:-spate}=$3 kafka=$4 ratio=$ratio"
  if [[ -n ${5:-} ]]; then ceilings+=("$1 $2 $3 $4 $ratio"); elif [[ $2 != MiB ]]; then results+=("$1 $2 $3 $4 $ratio"); fi
  last_ratio=$ratio
}
echo "# throughput workloads in records/s (ratio spate/kafka); latency in ms (ratio kafka/spate)"

# ==== single nodes of each system (1node and sameclient) ====
start_single_spate() { # name [--set key=value ...]: a Spate node on sport, data in $work/<name>-data, pid in $spate_pid
  local name=$1; shift
  say "starting Spate on 127.0.0.1:$sport${*:+ ($*)}"
  start_node "$raw/$name-node.log" java "${heap[@]}" -jar "$work/spate.jar" --set listener.host=127.0.0.1 \
    --set listener.port="$sport" --set data.dir="$work/$name-data" "$@"
  spate_pid=$started_node
  await_log "$spate_pid" "$raw/$name-node.log" "spate ready" Spate
}
start_single_kafka() { # name: a KRaft Kafka node on kport (controller kport + 1), files in $work/<name>, pid in $kafka_pid
  local name=$1
  say "starting Kafka $version on 127.0.0.1:$kport"
  mkdir -p "$work/$name"
  kafka_props 1 "$kport" $((kport + 1)) "1@127.0.0.1:$((kport + 1))" "$work/$name/data" \
    $'offsets.topic.replication.factor=1\ntransaction.state.log.replication.factor=1\ntransaction.state.log.min.isr=1' \
    > "$work/$name/server.properties"
  kj kafka.tools.StorageTool format -t "$(kj kafka.tools.StorageTool random-uuid | tail -1)" \
    -c "$work/$name/server.properties" > "$raw/$name-format.log"
  start_node "$raw/$name-node.log" java "${heap[@]}" -cp "$kafka_home/lib/*" kafka.Kafka "$work/$name/server.properties"
  kafka_pid=$started_node
  await_port "$kafka_pid" "$kport" Kafka
}

# ==== 1node: one node of each system, both running for the whole part ====
single_node_workloads() {
  start_single_spate spate
  start_single_kafka kafka

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

# ==== sameclient: Kafka's own tools drive both systems, Spate through its Kafka listener (issue 17) ====
same_client_workloads() {
  local sc=same-client boot
  start_single_spate "spate-$sc" --set kafka.listener.host=127.0.0.1 --set kafka.listener.port="$skport"
  await_port "$spate_pid" "$skport" "Spate's Kafka listener"
  start_single_kafka "kafka-$sc"
  say "starting the null broker on 127.0.0.1:$nport"
  start_node "$raw/null-broker.log" java "${heap[@]}" -cp "$kafka_home/lib/*" "$here/scripts/bench/NullKafkaBroker.java" "$nport" 3
  await_log "$started_node" "$raw/null-broker.log" "null broker ready" "the null broker"
  boot_of() { case $1 in spate) echo "127.0.0.1:$skport" ;; kafka) echo "127.0.0.1:$kport" ;; null) echo "127.0.0.1:$nport" ;; esac; }
  for system in spate kafka; do
    boot=$(boot_of $system)
    for topic in bench e2e; do
      run "create-$topic-$sc" $system kt TopicCommand --bootstrap-server "$boot" --create --topic $topic \
        --partitions 3 --replication-factor 1
    done
  done
  perf_produce() { # name system records size throughput
    run "$1" "$2" kt ProducerPerformance --topic bench --num-records "$3" --record-size "$4" --throughput "$5" \
      --producer-props bootstrap.servers="$(boot_of "$2")" acks=all
  }
  for system in spate kafka null; do say "warm-up ($sc): $system"; perf_produce "warmup-$sc" $system 1000000 100 -1; done
  for w in "produce-100B-acks-all 3000000 100 -1" "produce-1KiB-acks-all 1000000 1024 -1" \
           "produce-100B-at-50k 500000 100 50000"; do
    read -r name records size rate <<< "$w"
    for system in spate kafka null; do say "$name-$sc: $system"; perf_produce "$name-$sc" $system "$records" "$size" "$rate"; done
    local s="$raw/$name-$sc.spate.txt" k="$raw/$name-$sc.kafka.txt" n="$raw/$name-$sc.null.txt"
    if [[ $rate == -1 ]]; then
      report "$name-$sc" records/s "$(field "$s" rate)" "$(field "$k" rate)"
      report "$name-$sc-ceiling" records/s "$(field "$n" rate)" "$(field "$k" rate)" null
    else
      report "$name-$sc" ms "$(field "$s" p99)" "$(field "$k" p99)"
      report "$name-p50-$sc" ms "$(field "$s" p50)" "$(field "$k" p50)"
      report "$name-$sc-ceiling" ms "$(field "$n" p99)" "$(field "$k" p99)" null
    fi
  done
  # the first 4,000,000 records of bench are all 100 bytes (warm-up + produce-100B-acks-all), as in 1node
  local consumed=()
  for system in spate kafka; do
    say "warm-up ($sc): $system consume"
    run "warmup-consume-$sc" $system kt ConsumerPerformance --bootstrap-server "$(boot_of $system)" --topic bench \
      --messages 1000000 --timeout 60000
    say "consume-100B-$sc: $system"
    run "consume-100B-$sc" $system kt ConsumerPerformance --bootstrap-server "$(boot_of $system)" --topic bench \
      --messages 4000000 --timeout 60000
    # start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance ms, fetch ms, fetch.MB.sec, fetch.nMsg.sec (as in 1node)
    consumed+=("$(grep -E '^[0-9]{4}-' "$raw/consume-100B-$sc.$system.txt" | tail -1 | awk -F', ' '{ print $10 }')")
  done
  report "consume-100B-$sc" records/s "${consumed[0]}" "${consumed[1]}"
  for system in spate kafka; do
    say "e2e-1-in-flight-$sc: $system"
    run "e2e-1-in-flight-$sc" $system kt EndToEndLatency "$(boot_of $system)" e2e 20000 all 100
  done
  local s="$raw/e2e-1-in-flight-$sc.spate.txt" k="$raw/e2e-1-in-flight-$sc.kafka.txt"
  [[ -n $(pct "$s" 2) && -n $(pct "$k" 2) ]] || fail "no Percentiles line in $raw/e2e-1-in-flight-$sc.*.txt"
  report "e2e-1-in-flight-$sc" ms "$(pct "$s" 2)" "$(pct "$k" 2)"
  report "e2e-1-in-flight-p50-$sc" ms "$(pct "$s" 1)" "$(pct "$k" 1)"
  report "peak-rss-MiB-$sc" MiB "$(hwm "$spate_pid")" "$(hwm "$kafka_pid")"
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
      --set listener.port=$((s3port + i - 1)) --set kafka.listener.port=0 --set data.dir="$work/spate3-$i" --set node.id=$i \
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
if want sameclient; then same_client_workloads; fi
if want 3node; then three_node_workload; fi
elapsed=$(( $(date +%s) - started ))
echo "# run took ${elapsed}s after the build; load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- results.json and the plot ----
{
  echo "{"
  echo "  \"date\": \"$(date -u +%FT%TZ)\", \"kafkaVersion\": \"$version\", \"spateCommit\": \"$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "  \"cpus\": $(nproc), \"loadAverageStart\": \"$load_start\", \"runSeconds\": $elapsed, \"workloadSets\": \"$parts\","
  json_rows() { # key first-system-field rows...: a JSON array of rows "name unit first kafka ratio"
    local key=$1 first=$2 sep="" name unit a k ratio; shift 2
    echo "  \"$key\": ["
    for r in "$@"; do
      read -r name unit a k ratio <<< "$r"
      printf '%s    {"workload": "%s", "unit": "%s", "%s": %s, "kafka": %s, "ratio": %s}' "$sep" "$name" "$unit" "$first" "$a" "$k" "$ratio"
      sep=$',\n'
    done
    echo; echo -n "  ]"
  }
  json_rows workloads spate ${results[@]+"${results[@]}"}
  if want sameclient; then echo ","; json_rows clientCeilings nullBroker "${ceilings[@]}"; fi
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
