#!/usr/bin/env python3
"""Look-alike copies: how many are found, and as what.

usage: lookalikes.py REAL_MIXED_DIR WORK_DIR NEARDUP_DLL

Picks 60 documents of the real mixed collection (seed 39), writes each with a copy whose letters a c e i o p x y s j
A B E H K M O T were swapped for their Cyrillic or Greek look-alikes at 10%, 25% and 40% of their occurrences, scans
each rate's folder with `neardup scan`, and counts the original–copy pairs found, by kind.
"""
import collections
import json
import os
import random
import subprocess
import sys

source, work, dll = sys.argv[1:4]
SWAPS = {'a': '\u0430', 'c': '\u0441', 'e': '\u0435', 'i': '\u0456', 'o': '\u043E', 'p': '\u0440', 'x': '\u0445',
         'y': '\u0443', 'A': '\u0391', 'B': '\u0392', 'E': '\u0395', 'H': '\u0397', 'K': '\u039A', 'M': '\u039C',
         'O': '\u039F', 'T': '\u03A4', 's': '\u0455', 'j': '\u0458'}
rnd = random.Random(39)
pick = rnd.sample(sorted(os.listdir(source)), 60)
for rate in (0.1, 0.25, 0.4):
    folder = os.path.join(work, f"r{int(rate * 100)}")
    os.makedirs(folder, exist_ok=True)
    for name in pick:
        text = open(os.path.join(source, name), encoding="utf-8").read()
        swapped = "".join(SWAPS[c] if c in SWAPS and rnd.random() < rate else c for c in text)
        open(os.path.join(folder, name), "w", encoding="utf-8").write(text)
        open(os.path.join(folder, "lk-" + name), "w", encoding="utf-8").write(swapped)
    out = subprocess.run(["dotnet", dll, "scan", folder, "--format", "jsonl", "-q"], capture_output=True, text=True, check=True).stdout
    found = collections.Counter()
    for line in out.splitlines():
        v = json.loads(line)
        if "lk-" + v["a"] == v["b"] or "lk-" + v["b"] == v["a"]:
            found[v["kind"]] += 1
    print(f"rate {rate:.0%}: {sum(found.values())}/60 found", dict(found))
