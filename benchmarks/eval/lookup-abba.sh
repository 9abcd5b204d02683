#!/bin/bash
# The candidate lookup of two or more builds, each on its own index, interleaved forward then backward (before, after,
# after, before; or A B C C B A): `lookup-loop` over 4,000 generated misses, 30 s for all kinds and 30 s for exact +
# near-duplicate copies, in a fresh process each. Once a run's loop starts, prints how much of its snapshot's map is
# resident and how much of that the kernel maps in 2 MiB pages (FilePmdMapped in /proc/PID/smaps): the mapped passage
# tables' page size, which the lookup's speed depends on.
# usage: lookup-abba.sh BENCH_DIR INDEX BENCH_DIR INDEX [BENCH_DIR INDEX …]
# (each BENCH_DIR a `dotnet build -c Release benchmarks/NearDup.Benchmarks -o DIR` of one commit; the first pair is
# labelled "before", the last "after", any between "build N")
set -e
if [ $# -lt 4 ] || [ $(($# % 2)) -ne 0 ]; then
  echo "usage: $0 BENCH_DIR INDEX BENCH_DIR INDEX [BENCH_DIR INDEX …]" >&2
  exit 2
fi
args=("$@")
builds=$(($# / 2))
order=()
for ((i = 0; i < builds; i++)); do order+=($i); done
for ((i = builds - 1; i >= 0; i--)); do order+=($i); done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for i in "${order[@]}"; do
  bench=${args[$((2 * i))]}; index=${args[$((2 * i + 1))]}
  if [ $i -eq 0 ]; then name=before; elif [ $i -eq $((builds - 1)) ]; then name=after; else name="build $((i + 1))"; fi
  echo "== $name ($bench) $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$bench/NearDup.Benchmarks.dll" lookup-loop --dir "$index" --seconds 30 --kinds All --kinds Exact,NearDuplicate > "$log" 2>&1 &
  pid=$!
  while ! grep -q "loop starts" "$log" && kill -0 $pid 2> /dev/null; do sleep 1; done
  sleep 5
  awk '/snapshot\.ndup/ { m = 1 } m && /^Rss:/ { r += $2 } m && /^FilePmdMapped:/ { p += $2 } /^VmFlags/ { m = 0 }
       END { printf "   snapshot mapped: %d MiB resident, %d MiB of it in 2 MiB pages\n", r / 1024, p / 1024 }' /proc/$pid/smaps 2> /dev/null || true
  wait $pid || echo "   (the run failed: exit $?)"
  tail -2 "$log"
done
