#!/usr/bin/env python3
"""Embedded rewrites: each rewrite and each negative of a rewrites set put inside a longer text on another subject.

usage: embed-rewrites.py SET_DIR HOSTS_DIR OUT_DIR [--seed N]

SET_DIR is a rewrites set with a `pairs.tsv` (orig<TAB>rewrite<TAB>label; see rewrites.py and eval/README.md). For each
passage of the set, one host: a text of HOSTS_DIR of 500-1,500 words of prose (letters over 70% of its characters,
more than 15 full stops), drawn in random.Random(seed) order over the sorted file names, a different host per passage.
Each rewrite (and the negative) goes into its passage's host at the first sentence end after the middle, between two
blank lines. OUT_DIR gets `set/NNN-orig.txt`, `set/NNN-LABEL-in-HOST` and a `pairs.tsv` of (orig, host with the
rewrite, label), which `rewrites.py OUT_DIR WORK CLI/neardup.dll BACKGROUND 3000` scores like any rewrites set. The
output holds third-party text: keep it out of the repository.
"""
import argparse
import os
import random
import re

parser = argparse.ArgumentParser()
parser.add_argument("set_dir")
parser.add_argument("hosts_dir")
parser.add_argument("out_dir")
parser.add_argument("--seed", type=int, default=20261205)
args = parser.parse_args()

rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(args.set_dir, "pairs.tsv"), encoding="utf-8") if line.strip()]
names = sorted(n for n in os.listdir(args.hosts_dir) if n.endswith(".txt"))
rng = random.Random(args.seed)


def is_prose(text):
    words = text.split()
    if not 500 <= len(words) <= 1500:
        return False
    return sum(c.isalpha() for c in text) / len(text) > 0.7 and text.count(".") > 15


passages = sorted({os.path.basename(a).split("-")[0] for a, _, _ in rows})
hosts = []
for n in rng.sample(names, len(names)):
    text = open(os.path.join(args.hosts_dir, n), encoding="utf-8", errors="replace").read()
    if is_prose(text):
        hosts.append((n, text))
    if len(hosts) >= len(passages):
        break

os.makedirs(os.path.join(args.out_dir, "set"), exist_ok=True)
host_of = {}
with open(os.path.join(args.out_dir, "pairs.tsv"), "w", encoding="utf-8") as out:
    for a, b, label in rows:
        pid = os.path.basename(a).split("-")[0]
        if pid not in host_of:
            host_of[pid] = hosts[len(host_of)]
        host_name, host = host_of[pid]
        inner = open(os.path.join(args.set_dir, b), encoding="utf-8").read().strip()
        middle = re.compile(r"[.!?]\s").search(host, len(host) // 2)
        cut = middle.end() if middle else len(host) // 2
        embedded = f"set/{pid}-{label}-in-{host_name}"
        with open(os.path.join(args.out_dir, embedded), "w", encoding="utf-8") as f:
            f.write(host[:cut] + "\n\n" + inner + "\n\n" + host[cut:])
        orig = f"set/{pid}-orig.txt"
        if not os.path.exists(os.path.join(args.out_dir, orig)):
            with open(os.path.join(args.out_dir, orig), "w", encoding="utf-8") as f:
                f.write(open(os.path.join(args.set_dir, a), encoding="utf-8").read())
        out.write(f"{orig}\t{embedded}\t{label}\n")
print(f"{len(host_of)} passages, {len(rows)} pairs written to {args.out_dir}")
