#!/usr/bin/env python3
"""Draw a fixed-seed sample of NearDup flags to judge by reading.

usage: sample-flags.py OUT.tsv NAME=FLAGS.jsonl [NAME=FLAGS.jsonl ...] [--seed N] [--per-kind K]

Each FLAGS.jsonl is `neardup scan DIR --format jsonl` of one collection (e.g. mail=mail.jsonl mixed=mixed.jsonl
man=man.jsonl). For each collection, in the order given: one random.Random(seed) instance; for each kind, in the order
exact, near-duplicate, contained, spun, the lines of the flags file with that kind, in file order, and
random.sample(list, K) (all of them when fewer). The samples of 0b9c132 are
`sample-flags.py OUT.tsv mail=mail.jsonl mixed=mixed.jsonl man=man.jsonl --seed 20261208`. (The samples of 83fa9a0 were
drawn with seed 15 by an earlier version that took the kinds in another order.)
"""
import argparse
import json
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("collections", nargs="+", help="NAME=FLAGS.jsonl")
parser.add_argument("--seed", type=int, default=15)
parser.add_argument("--per-kind", type=int, default=25)
args = parser.parse_args()

KINDS = ["exact", "near-duplicate", "contained", "spun"]
rows = []
for spec in args.collections:
    name, path = spec.split("=", 1)
    rng = random.Random(args.seed)
    with open(path) as f:
        flags = [json.loads(line) for line in f if line.strip()]
    for kind in KINDS:
        pool = [fl for fl in flags if fl["kind"] == kind]
        for fl in rng.sample(pool, min(args.per_kind, len(pool))):
            rows.append((name, fl["a"], fl["b"], kind, fl["score"]))

with open(args.out, "w") as out:
    out.write("collection\ta\tb\tkind\tscore\n")
    for r in rows:
        out.write("\t".join(str(x) for x in r) + "\n")
print(len(rows), "rows written to", args.out)
