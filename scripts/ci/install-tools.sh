#!/usr/bin/env bash
# Installs the system tools the test suite needs beyond Java and Maven: iproute2 (`ip`) and nftables
# (`nft`), which NetworkPartitionIT uses to put nodes in network namespaces and cut them apart.
# Idempotent: returns at once when both are there; else one `apt-get update` and one install (Debian,
# Ubuntu; needs root, as the partition test itself does).
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"
if command -v ip >/dev/null && command -v nft >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-tools: install iproute2 and nftables with this system's package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nftables iproute2
