#!/bin/bash
# The candidate lookup of two builds on their own indexes, interleaved (before, after, after, before): `lookup-loop`
# over 4,000 generated misses, 30 s for all kinds and 30 s for exact + near-duplicate copies, in a fresh process each.
# usage: lookup-abba.sh BEFORE_BENCH_DIR BEFORE_INDEX AFTER_BENCH_DIR AFTER_INDEX
# (each BENCH_DIR a `dotnet build -c Release benchmarks/NearDup.Benchmarks -o DIR` of one commit)
set -e
for b in before after after before; do
  if [ $b = before ]; then bench=$1; index=$2; else bench=$3; index=$4; fi
  echo "== $b $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$bench/NearDup.Benchmarks.dll" lookup-loop --dir "$index" --seconds 30 --kinds All --kinds Exact,NearDuplicate 2>&1 | tail -3
done
