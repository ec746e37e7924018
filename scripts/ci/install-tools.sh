#!/usr/bin/env bash
# Installs the tools the test suite needs beyond Java and Maven:
#   - iproute2 (`ip`) and nftables (`nft`), which NetworkPartitionIT uses to put nodes in network
#     namespaces and cut them apart;
#   - kcat (librdkafka) and python3-kafka (kafka-python, for /usr/bin/python3), Debian's packages, and
#     KafkaJS, pinned by src/test/js/package-lock.json into src/test/js/node_modules (git-ignored):
#     the clients in other languages that ExternalClientsIT drives against the Kafka listener.
# Idempotent: returns at once when all are there; else one `apt-get update` and one install (Debian,
# Ubuntu; needs root, as the partition test itself does) for what is missing, and `npm ci` when
# node_modules is missing or older than the lock file.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"
js="$(cd "$(dirname "$0")/../.." && pwd)/src/test/js"
apt_ok() { command -v ip >/dev/null && command -v nft >/dev/null && command -v kcat >/dev/null &&
  [ -f /usr/lib/python3/dist-packages/kafka/__init__.py ]; }
# npm ci writes node_modules/.package-lock.json after a complete install; a newer lock file means a new pin
js_ok() { [ -f "$js/node_modules/.package-lock.json" ] && ! [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; }
if apt_ok && js_ok; then
  exit 0
fi
if ! apt_ok; then
  if ! command -v apt-get >/dev/null; then
    echo "install-tools: install iproute2, nftables, kcat and python3-kafka with this system's package manager" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    nftables iproute2 kcat python3-kafka
fi
if ! js_ok; then
  if ! command -v npm >/dev/null; then
    echo "install-tools: KafkaJS needs node and npm (then: cd src/test/js && npm ci)" >&2
    exit 1
  fi
  (cd "$js" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
