#!/usr/bin/env bash
# verb-abba.sh BEFORE AFTER ROUNDS OUT: only the index verb at 100,000 documents, ABBA order.
set -u
BEFORE=$1; AFTER=$2; ROUNDS=$3; OUT=$4; mkdir -p $OUT
for r in $(seq 1 $ROUNDS); do
  SIDES="before after"; [ $((r % 2)) = 0 ] && SIDES="after before"
  for side in $SIDES; do
    B=$([ $side = before ] && echo $BEFORE || echo $AFTER)
    echo "# load $(cut -d' ' -f1-3 /proc/loadavg)" > $OUT/r$r-$side.txt
    /usr/bin/time -f "wall=%e rss=%M user=%U sys=%S" dotnet $B/bench/NearDup.Benchmarks.dll index --count 100000 --dir "${TMPDIR:-/tmp}/abba-idx" --queries 1000 >> $OUT/r$r-$side.txt 2>&1
    rm -rf "${TMPDIR:-/tmp}/abba-idx"
  done
done
echo done > $OUT/DONE
