# Shared by the probe scripts (sourced, not run): build what is missing, start one node from the fat
# jar on 127.0.0.1 with a fresh data dir, run a probe class against it, stop it and clean up.
# Environment: PROBE_XMX (node heap, default 1g), PROBE_KEEP=1 keeps the work dir (node-N.out per start, data),
# PROBE_STOP_WAIT (seconds a node gets to exit on SIGTERM, default 60).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d /tmp/spate-probe.XXXXXX)
NODE_PID=
NODE_PORT=
NODE_LOG=
starts=0
XMX=${PROBE_XMX:-1g}

build_if_missing() {
  if [[ ! -f $root/target/spate.jar || ! -f $root/target/test-classes/io/spate/probe/ProbeMain.class ]]; then
    echo "building target/spate.jar and the probe classes (mvn -DskipTests package)" >&2
    (cd "$root" && { mvn -q -o -B -DskipTests package || mvn -q -B -DskipTests package; }) >&2
  fi
  cp "$root/target/spate.jar" "$work/spate.jar" # a rebuild must not pull the classes from under the node
  cp -r "$root/target/test-classes" "$work/test-classes"
}

# start_node DATA_DIR [--set key=value ...]: starts a node, sets NODE_PID and NODE_PORT (at most 120 s)
start_node() {
  local data=$1; shift
  mkdir -p "$data"
  starts=$((starts + 1))
  NODE_LOG=$work/node-$starts.out # one file per start: a restart must not find the last ready line
  java -Xmx"$XMX" -jar "$work/spate.jar" --set listener.host=127.0.0.1 --set listener.port=0 --set kafka.listener.port=0 \
    --set data.dir="$data" "$@" > "$NODE_LOG" 2>&1 &
  NODE_PID=$!
  local started=$SECONDS
  while ! grep -q "spate ready" "$NODE_LOG" 2>/dev/null; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then
      echo "node exited before it was ready; its output:" >&2; tail -30 "$NODE_LOG" >&2; NODE_PID=; return 1
    fi
    if (( SECONDS - started > 120 )); then echo "node not ready after 120 s" >&2; return 1; fi
    sleep 0.5
  done
  NODE_PORT=$(grep "spate ready" "$NODE_LOG" | tail -1 | sed -E 's/.*listening on [^:]+:([0-9]+).*/\1/')
  echo "node: pid $NODE_PID, 127.0.0.1:$NODE_PORT, -Xmx$XMX, ready in $((SECONDS - started)) s, data $data"
}

# stop_node: SIGTERM, then SIGKILL if it has not exited after PROBE_STOP_WAIT seconds; says which
stop_node() {
  [[ -n $NODE_PID ]] || return 0
  local wait=${PROBE_STOP_WAIT:-60} t=0
  if kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    while kill -0 "$NODE_PID" 2>/dev/null && (( t < wait * 10 )); do sleep 0.1; t=$((t + 1)); done
    if kill -0 "$NODE_PID" 2>/dev/null; then
      echo "node stop: still running ${wait} s after SIGTERM: SIGKILL"
      kill -KILL "$NODE_PID" 2>/dev/null || true
    else
      echo "node stop: exited $(( t / 10 )).$(( t % 10 )) s after SIGTERM"
    fi
  else
    echo "node stop: the node had already exited"
  fi
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=
}

# node_log_summary: the lines of the node's output a probe looks for
node_log_summary() {
  local f=$NODE_LOG
  echo "node log: $(grep -ac . "$f" || true) lines; OutOfMemoryError: $(grep -ac OutOfMemoryError "$f" || true);" \
    "Too many open files: $(grep -ac 'Too many open files' "$f" || true); SEVERE/ERROR: $(grep -acE 'SEVERE|ERROR' "$f" || true);" \
    "WARNING: $(grep -ac WARNING "$f" || true); blocked thread: $(grep -ac 'has been blocked' "$f" || true)"
  grep -a -m 3 -E 'OutOfMemoryError|Too many open files|SEVERE' "$f" | cut -c1-240 | sed 's/^/  | /' || true
}

# probe NAME [options]: runs io.spate.probe.ProbeMain against the node (pid and port added)
probe() {
  local name=$1; shift
  java ${PROBE_CLIENT_JAVA_OPTS:-} -cp "$work/spate.jar:$work/test-classes" io.spate.probe.ProbeMain "$name" \
    --port "$NODE_PORT" --pid "$NODE_PID" "$@"
}

cleanup() {
  local rc=$?
  stop_node || true
  if [[ ${PROBE_KEEP:-0} == 1 ]]; then echo "work dir kept: $work"; else rm -rf "$work"; fi
  return $rc
}
trap cleanup EXIT
