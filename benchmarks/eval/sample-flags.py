#!/usr/bin/env python3
"""Draw the fixed-seed sample of NearDup flags to judge by reading.

usage: sample-flags.py MAIL_FLAGS.jsonl MIXED_FLAGS.jsonl OUT.tsv

The flags files are `neardup scan DIR --format jsonl` of ../shared/corpus/real/mail and .../mixed (unpacked).
For each collection: one random.Random(15) instance; for each kind (in the order below) the lines of the flags file
with that kind, in file order, and random.sample(list, 25).
"""
import json
import random
import sys

mail, mixed, out_path = sys.argv[1:4]
PLAN = [
    ("mail", mail, ["contained", "spun", "near-duplicate", "exact"]),
    ("mixed", mixed, ["contained", "spun", "near-duplicate"]),
]

rows = []
for corpus, path, kinds in PLAN:
    rng = random.Random(15)
    with open(path) as f:
        flags = [json.loads(line) for line in f if line.strip()]
    for kind in kinds:
        pool = [fl for fl in flags if fl["kind"] == kind]
        for fl in rng.sample(pool, min(25, len(pool))):
            cov = fl.get("coverage", {})
            rows.append((corpus, fl["a"], fl["b"], kind, fl["score"], cov.get("a"), cov.get("b")))

with open(out_path, "w") as out:
    out.write("corpus\ta\tb\tkind\tscore\tcoverage_a\tcoverage_b\n")
    for r in rows:
        out.write("\t".join(str(x) for x in r) + "\n")
print(len(rows), "rows written to", out_path)
