#!/usr/bin/env bash
# Fetches Apache Kafka's jars (the broker, its tools, and all their dependencies) from Maven Central
# into a cache directory, once: compare-kafka.sh starts its Kafka brokers and runs Kafka's perf tools
# from it, and KafkaToolsIT runs Kafka's command-line tools from it (issue 17).
#
#   usage: scripts/ci/fetch-kafka.sh [CACHE_DIR]
#     CACHE_DIR      default $KAFKA_CACHE, else /tmp/spate-bench-kafka-$KAFKA_VERSION
#     KAFKA_VERSION  default 4.1.1
#     MVN            the Maven to run (default mvn); MVN_ARGS extra arguments (e.g. -Dmaven.repo.local=...)
#
# The jars land in CACHE_DIR/lib, with CACHE_DIR/lib/.complete-VERSION written last: when that file
# is there the script does nothing and returns at once. A cache without it (an interrupted fetch) is
# fetched again from scratch, into a temporary directory renamed to lib/ only when complete, so a
# reader never sees half a lib/. Two fetches of one cache at a time wait for each other (flock).
# Maven runs offline first (what ~/.m2 holds), then from Maven Central. Prints CACHE_DIR/lib on stdout;
# progress and Maven's errors go to stderr; exits non-zero when the fetch fails.
set -euo pipefail
version=${KAFKA_VERSION:-4.1.1}
cache=${1:-${KAFKA_CACHE:-/tmp/spate-bench-kafka-$version}}
mvn=${MVN:-mvn}
read -r -a mvn_args <<< "${MVN_ARGS:-}"
marker=$cache/lib/.complete-$version
fail() { echo "fetch-kafka: $*" >&2; exit 1; }
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "KAFKA_VERSION must look like 4.1.1 (got '$version')"

if [[ -f $marker ]]; then echo "$cache/lib"; exit 0; fi
mkdir -p "$cache" || fail "cannot create $cache"
exec 9> "$cache/.fetch.lock"
if command -v flock > /dev/null; then flock 9; fi
if [[ -f $marker ]]; then echo "$cache/lib"; exit 0; fi  # another fetch finished while this one waited

echo "fetch-kafka: fetching Kafka $version from Maven Central into $cache" >&2
cat > "$cache/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>kafka-bench</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$version</version></dependency>
  </dependencies></project>
POM
tmp=$cache/lib.partial
rm -rf "$tmp"
(cd "$cache" && { "$mvn" -o -q -B ${mvn_args[@]+"${mvn_args[@]}"} dependency:copy-dependencies -DoutputDirectory="$tmp" ||
    "$mvn" -q -B ${mvn_args[@]+"${mvn_args[@]}"} dependency:copy-dependencies -DoutputDirectory="$tmp"; }) >&2 ||
  { rm -rf "$tmp"; fail "fetching Kafka $version failed (is Maven Central reachable?)"; }
[[ -f $tmp/kafka-tools-$version.jar && -f $tmp/kafka_2.13-$version.jar ]] ||
  { rm -rf "$tmp"; fail "Maven did not copy kafka-tools-$version.jar and kafka_2.13-$version.jar into $tmp"; }
touch "$tmp/.complete-$version"
rm -rf "$cache/lib"
mv "$tmp" "$cache/lib"
echo "$cache/lib"
