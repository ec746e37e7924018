#!/usr/bin/env bash
# Spate against Apache Kafka on this machine, side by side in one run (issue 3, docs/performance.md).
#
#   usage: scripts/bench/compare-kafka.sh            (about 5-8 minutes; needs java 17, mvn, 2 GiB free RAM)
#
# Builds target/spate.jar when it is missing or older than the sources, fetches Kafka (KAFKA_VERSION,
# default 4.1.1) from Maven Central into a cache (KAFKA_CACHE, default /tmp/spate-bench-kafka-<version>),
# then starts one node of each on loopback (both -Xms1g -Xmx1g, fresh data dirs, a 3-partition topic)
# and runs every workload on Spate then on Kafka, each with its own perf tool and default client
# settings, after a warm-up of each. Output, on stdout:
#   WORKLOAD spate=X kafka=Y ratio=Z      throughput in records/s, ratio spate/kafka;
#                                         latency in ms, ratio kafka/spate (so > 1 is better for Spate)
#   peak-rss-MiB spate=X kafka=Y ratio=Z  the brokers' VmHWM at the end, ratio kafka/spate
# and the same in target/bench/results.json, the tools' raw outputs in target/bench/raw/, and the
# latency percentiles at 50,000 records/s as a plot, target/bench/latency-50k.png. Progress goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out="$here/target/bench"
raw="$out/raw"
work="$out/work"
version=${KAFKA_VERSION:-4.1.1}
kafka_home=${KAFKA_CACHE:-/tmp/spate-bench-kafka-$version}
sport=${SPATE_PORT:-27092}
kport=${KAFKA_PORT:-29092}
heap=(-Xms1g -Xmx1g)   # both brokers, as Kafka's kafka-server-start.sh sets it
tool_heap=(-Xmx1g)     # every perf tool of both systems
jar="$here/target/spate.jar"
say() { echo "[$(date +%T)] $*" >&2; }
fail() { echo "compare-kafka: $*" >&2; exit 1; }

# ---- build and fetch ----
if [[ ! -f $jar ]] || [[ -n $(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit) ]]; then
  say "building $jar"
  (cd "$here" && { mvn -o -q -B -DskipTests package || mvn -q -B -DskipTests package; }) >&2 || fail "build failed"
fi
if [[ ! -f $kafka_home/lib/.complete-$version ]]; then
  say "fetching Kafka $version from Maven Central into $kafka_home"
  mkdir -p "$kafka_home"
  cat > "$kafka_home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>kafka-bench</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$version</version></dependency>
  </dependencies></project>
POM
  rm -rf "$kafka_home/lib"
  (cd "$kafka_home" && { mvn -o -q -B dependency:copy-dependencies -DoutputDirectory=lib ||
      mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib; }) >&2 || fail "fetching Kafka failed"
  touch "$kafka_home/lib/.complete-$version"
fi

# ---- start both nodes ----
for p in $sport $kport $((kport + 1)); do
  (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && fail "port $p is in use (set SPATE_PORT / KAFKA_PORT)"
done
rm -rf "$out" && mkdir -p "$raw" "$work/kafka"
cp "$jar" "$work/spate.jar"  # a rebuild must not pull the classes from under the running node
spate_pid=""
kafka_pid=""
stop_nodes() {
  for pid in $spate_pid $kafka_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $spate_pid $kafka_pid; do wait "$pid" 2>/dev/null || true; done
}
trap stop_nodes EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

say "starting Spate on 127.0.0.1:$sport"
java "${heap[@]}" -jar "$work/spate.jar" --set listener.host=127.0.0.1 --set listener.port=$sport \
  --set data.dir="$work/spate-data" > "$raw/spate-node.log" 2>&1 &
spate_pid=$!
for _ in $(seq 120); do grep -q "spate ready" "$raw/spate-node.log" && break; sleep 0.5; done
grep -q "spate ready" "$raw/spate-node.log" || fail "Spate did not start, see $raw/spate-node.log"

say "starting Kafka $version on 127.0.0.1:$kport"
cat > "$work/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((kport + 1))
listeners=PLAINTEXT://127.0.0.1:$kport,CONTROLLER://127.0.0.1:$((kport + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$kport
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$work/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
kj() { java "${tool_heap[@]}" -cp "$kafka_home/lib/*" "$@" 2>&1 | grep -v SLF4J || true; }
cluster_id=$(kj kafka.tools.StorageTool random-uuid | tail -1)
kj kafka.tools.StorageTool format -t "$cluster_id" -c "$work/kafka/server.properties" > "$raw/kafka-format.log"
java "${heap[@]}" -cp "$kafka_home/lib/*" kafka.Kafka "$work/kafka/server.properties" > "$raw/kafka-node.log" 2>&1 &
kafka_pid=$!
for _ in $(seq 120); do (exec 3<>/dev/tcp/127.0.0.1/$kport) 2>/dev/null && break; sleep 0.5; done
(exec 3<>/dev/tcp/127.0.0.1/$kport) 2>/dev/null || fail "Kafka did not start, see $raw/kafka-node.log"

# ---- the tools: run <name> <system> <command...> keeps the raw output and fails on a bad exit ----
run() {
  local file="$raw/$1.$2.txt"; shift 2
  if ! "$@" > "$file" 2>&1; then tail -5 "$file" >&2; fail "failed: $* (output in $file)"; fi
}
sp() { java "${tool_heap[@]}" -cp "$work/spate.jar" io.spate.cli.SpateCli --bootstrap 127.0.0.1:$sport "$@"; }
kt() { java "${tool_heap[@]}" -cp "$kafka_home/lib/*" "org.apache.kafka.tools.$1" "${@:2}"; }
for topic in bench e2e; do
  run "create-$topic" spate sp topic create $topic --partitions 3
  run "create-$topic" kafka kt TopicCommand --bootstrap-server 127.0.0.1:$kport --create --topic $topic \
    --partitions 3 --replication-factor 1
done
produce() { # name system records size throughput
  if [[ $2 == spate ]]; then
    run "$1" spate sp perf produce --topic bench --records "$3" --record-size "$4" --throughput "$5" --acks all
  else
    run "$1" kafka kt ProducerPerformance --topic bench --num-records "$3" --record-size "$4" --throughput "$5" \
      --producer-props bootstrap.servers=127.0.0.1:$kport acks=all
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

results=()   # name unit spate kafka ratio
report() {   # name unit spate kafka: prints the line, ratio in Spate's favour when > 1
  local ratio
  [[ -n $3 && -n $4 ]] || fail "no result for $1 (spate='$3' kafka='$4'), see $raw"
  if [[ $2 == records/s ]]; then
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { r = s / k; printf (r < 0.1 ? "%.3f" : "%.2f"), r }')
  else # latency, compared at the tools' whole-millisecond resolution, 1 ms at least (see docs/performance.md)
    ratio=$(awk -v s="$3" -v k="$4" 'BEGIN { s = int(s); k = int(k); r = (k < 1 ? 1 : k) / (s < 1 ? 1 : s); printf (r < 0.1 ? "%.3f" : "%.2f"), r }')
  fi
  echo "$1 spate=$3 kafka=$4 ratio=$ratio"
  results+=("$1 $2 $3 $4 $ratio")
}

# ---- warm-up (JIT, page cache, connections), not reported ----
for system in spate kafka; do say "warm-up: $system"; produce warmup $system 1000000 100 -1; done
echo "# throughput workloads in records/s (ratio spate/kafka); latency in ms (ratio kafka/spate)"

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

# the first 4,000,000 records of each topic are all 100 bytes (warm-up + produce-100B-acks-all)
say "consume-100B: spate"; run consume-100B spate sp perf consume --topic bench --records 4000000
say "consume-100B: kafka"
run consume-100B kafka kt ConsumerPerformance --bootstrap-server 127.0.0.1:$kport --topic bench \
  --messages 4000000 --timeout 60000
spate_consume=$(sed -nE 's/^4000000 records consumed, ([0-9.]+) records\/sec.*/\1/p' "$raw/consume-100B.spate.txt")
# Kafka's CSV line: start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance ms, fetch ms, fetch.MB.sec, fetch.nMsg.sec
kafka_consume=$(grep -E '^[0-9]{4}-' "$raw/consume-100B.kafka.txt" | tail -1 | awk -F', ' '{ print $10 }')
[[ -n $spate_consume && -n $kafka_consume ]] || fail "no consume result in $raw/consume-100B.*.txt"
report consume-100B records/s "$spate_consume" "$kafka_consume"

say "e2e-1-in-flight: spate"; run e2e-1-in-flight spate sp perf e2e --topic e2e --rounds 20000 --record-size 100
say "e2e-1-in-flight: kafka"; run e2e-1-in-flight kafka kt EndToEndLatency 127.0.0.1:$kport e2e 20000 all 100
pct() { sed -nE "s/^Percentiles: 50th = ([0-9.]+), 99th = ([0-9.]+), 99\.9th = ([0-9.]+).*/\\$2/p" "$1" | tail -1; }
e2e_s50=$(pct "$raw/e2e-1-in-flight.spate.txt" 1); e2e_k50=$(pct "$raw/e2e-1-in-flight.kafka.txt" 1)
e2e_s99=$(pct "$raw/e2e-1-in-flight.spate.txt" 2); e2e_k99=$(pct "$raw/e2e-1-in-flight.kafka.txt" 2)
[[ -n $e2e_s99 && -n $e2e_k99 ]] || fail "no Percentiles line in $raw/e2e-1-in-flight.*.txt"
report e2e-1-in-flight ms "$e2e_s99" "$e2e_k99"
report e2e-1-in-flight-p50 ms "$e2e_s50" "$e2e_k50"

# ---- peak resident memory of each broker over the whole run ----
hwm() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
spate_rss=$(hwm "$spate_pid"); kafka_rss=$(hwm "$kafka_pid")
rss_ratio=$(awk -v s="$spate_rss" -v k="$kafka_rss" 'BEGIN { printf "%.2f", k / s }')
echo "peak-rss-MiB spate=$spate_rss kafka=$kafka_rss ratio=$rss_ratio"
stop_nodes; spate_pid=""; kafka_pid=""
elapsed=$(( $(date +%s) - started ))
echo "# run took ${elapsed}s after the build; load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- results.json and the plot ----
{
  echo "{"
  echo "  \"date\": \"$(date -u +%FT%TZ)\", \"kafkaVersion\": \"$version\", \"spateCommit\": \"$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "  \"cpus\": $(nproc), \"loadAverageStart\": \"$load_start\", \"runSeconds\": $elapsed,"
  echo "  \"workloads\": ["
  sep=""
  for r in "${results[@]}"; do
    read -r name unit s k ratio <<< "$r"
    printf '%s    {"workload": "%s", "unit": "%s", "spate": %s, "kafka": %s, "ratio": %s}' "$sep" "$name" "$unit" "$s" "$k" "$ratio"
    sep=$',\n'
  done
  echo; echo "  ],"
  echo "  \"peakRssMiB\": {\"spate\": $spate_rss, \"kafka\": $kafka_rss, \"ratio\": $rss_ratio},"
  echo "  \"latencyAt50kMs\": {"
  for system in spate kafka; do
    f="$raw/produce-100B-at-50k.$system.txt"
    printf '    "%s": {"p50": %s, "p95": %s, "p99": %s, "p999": %s, "max": %s, "avg": %s}' "$system" \
      "$(field "$f" p50)" "$(field "$f" p95)" "$(field "$f" p99)" "$(field "$f" p999)" "$(field "$f" max)" "$(field "$f" avg)"
    [[ $system == spate ]] && echo "," || echo
  done
  echo "  }"
  echo "}"
} > "$out/results.json"
for system in spate kafka; do
  f="$raw/produce-100B-at-50k.$system.txt"
  for p in 50:p50 95:p95 99:p99 99.9:p999 100:max; do echo "$system ${p%%:*} $(field "$f" "${p#*:}")"; done
done > "$out/latency-50k.tsv"
java -Djava.awt.headless=true "$here/scripts/bench/PlotLatency.java" "$out/latency-50k.tsv" "$out/latency-50k.png" >&2 ||
  fail "plotting failed"
say "results in $out/results.json, plot in $out/latency-50k.png, raw outputs in $raw"
