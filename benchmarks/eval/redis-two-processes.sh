#!/usr/bin/env bash
# redis-two-processes.sh [COUNT] [QUERIES] [PORT] [BUILD]
#
# The redis-load verb as two client processes at once on one namespace (issue 19, item 5): first against one
# redis-server, then against a cluster of 3 primaries (no replicas), each started here on 127.0.0.1 (PORT, then
# PORT+1..PORT+3 and their bus ports +10000) and stopped at the end. The two processes take disjoint halves of the
# workload (--part 0/2 and 1/2: every other original, warm-up document, hit and miss), the first creates the index,
# the other opens it, and they start each timed phase together (a barrier kept on the server under a run ID made
# here, --run-id). Prints each process's
# figures, the servers' used_memory delta per document (read here before and after both processes) and the index's
# memory by structure (neardup index info --memory). Defaults: 20,000 originals, 2,000 hits and 2,000 misses,
# port 7600, builds into $TMPDIR/redis-two-build. COUNT must plant more hits than QUERIES + the warm-up's 400 (20,000 does).
# SHAPE=threads runs the same two workers as threads of one process (--clients 2) instead, for comparison.
set -u
SHAPE=${SHAPE:-processes}
COUNT=${1:-20000}; QUERIES=${2:-2000}; PORT=${3:-7600}; BUILD=${4:-${TMPDIR:-/tmp}/redis-two-build}
WARMUP=200
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redis-two.XXXXXX")
PORTS=()

stop() {
  for p in "${PORTS[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1; done
  PORTS=()
}
trap 'stop; rm -rf "$WORK"' EXIT

# start PORT [cluster]: a server of its own, no persistence, in a folder under $WORK.
start() {
  mkdir -p "$WORK/$1"
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$WORK/$1" \
    --logfile "$WORK/$1/log" ${2:+--cluster-enabled yes --cluster-config-file nodes.conf} || exit 1
  PORTS+=("$1")
  until redis-cli -p "$1" ping 2>/dev/null | grep -q PONG; do sleep 0.1; done
}

# used PORT...: used_memory summed over the given servers.
used() {
  local sum=0
  for p in "$@"; do sum=$((sum + $(redis-cli -p "$p" info memory | tr -d '\r' | sed -n 's/^used_memory://p'))); done
  echo $sum
}

# run NAME SERVERS PORT...: both processes at once against SERVERS; a process that fails ends the other.
run() {
  local name=$1 servers=$2; shift 2
  local before; before=$(used "$@")
  echo "## $name ($servers), two workers as $SHAPE: commit $(git -C "$ROOT" rev-parse --short HEAD), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  # A run ID of its own: the processes meet through counters on the server named by it.
  local pids=() k status=0 shares=(0 1) shape=(--part 0/2 --part 1/2) run=(--run-id "$name-$(date -u +%Y%m%dT%H%M%S)-$$")
  [ "$SHAPE" = threads ] && shares=(0) shape=(--clients 2) run=()
  for k in "${shares[@]}"; do
    dotnet "$BUILD/bench/NearDup.Benchmarks.dll" redis-load --server "$servers" --namespace two --count "$COUNT" \
      --queries "$QUERIES" --warmup $WARMUP "${shape[@]:$((2 * k)):2}" "${run[@]}" > "$WORK/$name-$k.log" 2>&1 &
    pids+=($!)
  done
  for k in "${shares[@]}"; do
    if ! wait -n; then status=1; kill "${pids[@]}" 2>/dev/null; fi
  done
  local after; after=$(used "$@")
  for k in "${shares[@]}"; do echo "### process $k ($SHAPE)"; cat "$WORK/$name-$k.log"; done
  local documents=$((COUNT + 2 * WARMUP))
  echo "servers' used_memory delta over the run (primaries): $(( (after - before) / documents )) B per document ($documents documents, warm-up included)"
  dotnet "$BUILD/cli/neardup.dll" index info "redis://$servers/two" --memory | sed -n '/^memory:/,$p'
  echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  return $status
}

dotnet build "$ROOT/benchmarks/NearDup.Benchmarks" -c Release -o "$BUILD/bench" -v q --nologo > /dev/null || exit 1
dotnet build "$ROOT/src/NearDup.Cli" -c Release -o "$BUILD/cli" -v q --nologo > /dev/null || exit 1
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(redis-server --version | cut -d' ' -f1-3)"

failed=0
start "$PORT"
run one-server "127.0.0.1:$PORT" "$PORT" || failed=1
stop

nodes=()
for i in 1 2 3; do start $((PORT + i)) cluster; nodes+=("127.0.0.1:$((PORT + i))"); done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes > "$WORK/cluster-create.log" 2>&1 || { cat "$WORK/cluster-create.log"; exit 1; }
for i in 1 2 3; do
  until redis-cli -p $((PORT + i)) cluster info | grep -q 'cluster_state:ok'; do sleep 0.2; done
done
run cluster-3-primaries "$(IFS=,; echo "${nodes[*]}")" $((PORT + 1)) $((PORT + 2)) $((PORT + 3)) || failed=1
stop
exit $failed
