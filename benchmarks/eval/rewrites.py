#!/usr/bin/env python3
"""Rewritten copies: how many are found per style, and whether same-topic texts stay unflagged.

usage: rewrites.py SET_DIR WORK_DIR NEARDUP_DLL [BACKGROUND_DIR [COUNT [SCAN_OPTION ...]]]

SET_DIR holds a development set of rewrites with a `pairs.tsv` (a<TAB>b<TAB>label, paths relative to SET_DIR; label
`standard`, `fluent`, `edited` or `negative`; an `edited` copy is copy-edited, not reworded, and counts as found of the
right kind when it is exact, a near-duplicate or contained). The set holds third-party text and stays out of the repository; its README says
how it was made. Every file of the set is copied into WORK_DIR (its path flattened to one name), with COUNT documents
(default 3000, seed 21) of BACKGROUND_DIR beside them when one is given, so that the candidate search and the weights
of recurring text work on a collection of realistic size. `neardup scan` runs once on the folder; a labelled pair
counts as found when the scan reports it, of any kind. SCAN_OPTIONs after COUNT go to `neardup scan` (e.g. `--no-learning`).
"""
import collections
import csv
import json
import os
import random
import shutil
import subprocess
import sys

set_dir, work, dll = sys.argv[1:4]
background = sys.argv[4] if len(sys.argv) > 4 else None
count = int(sys.argv[5]) if len(sys.argv) > 5 else 3000
scan_options = sys.argv[6:]


def flat(path):
    return "rw-" + path.replace("/", "-")


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
pairs = []
with open(os.path.join(set_dir, "pairs.tsv"), encoding="utf-8") as f:
    for row in csv.reader(f, delimiter="\t"):
        if len(row) < 3 or row[2] not in ("standard", "fluent", "spun", "edited", "negative"):
            continue
        pairs.append((flat(row[0]), flat(row[1]), row[2]))
        for p in row[:2]:
            shutil.copyfile(os.path.join(set_dir, p), os.path.join(work, flat(p)))
if background:
    names = sorted(n for n in os.listdir(background) if n.endswith(".txt"))
    for n in random.Random(21).sample(names, min(count, len(names))):
        shutil.copyfile(os.path.join(background, n), os.path.join(work, "bg-" + n))

out = subprocess.run(["dotnet", dll, "scan", work, "--format", "jsonl", "-q", *scan_options], capture_output=True, text=True, check=True).stdout
flagged = {}
for line in out.splitlines():
    v = json.loads(line)
    if "a" in v:
        flagged[frozenset((v["a"], v["b"]))] = v["kind"]

by_label = collections.defaultdict(list)
for a, b, label in pairs:
    by_label[label].append(flagged.get(frozenset((a, b))))
for label in ("standard", "fluent", "spun", "edited", "negative"):
    if not by_label[label]:
        continue
    kinds = by_label[label]
    found = [k for k in kinds if k]
    word = "flagged" if label == "negative" else "found"
    print(f"{label:9} {word} {len(found)}/{len(kinds)} ({len(found) / max(1, len(kinds)):.2f})", dict(collections.Counter(found)))
groups = sorted({a.split("-")[1] for a, _, _ in pairs}) if all(a.count("-") >= 3 for a, _, _ in pairs) else []
if len(groups) > 1:
    for g in groups:
        row = []
        for label in ("standard", "fluent", "spun", "edited", "negative"):
            kinds = [flagged.get(frozenset((a, b))) for a, b, lab in pairs if lab == label and a.split("-")[1] == g]
            if kinds:
                row.append(f"{label} {sum(1 for k in kinds if k)}/{len(kinds)}")
        print(f"  {g}: " + ", ".join(row))
for a, b, label in pairs:
    kind = flagged.get(frozenset((a, b)))
    if (label == "negative") == (kind is not None):
        print(f"  {'flagged' if kind else 'missed'}: {a} {b} {label}{' as ' + kind if kind else ''}")
others = sum(1 for k in flagged if all(n.startswith("rw-") for n in k)) - sum(1 for a, b, _ in pairs if frozenset((a, b)) in flagged)
print(f"other flags among the set's files: {others}")
