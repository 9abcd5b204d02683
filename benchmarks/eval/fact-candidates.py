#!/usr/bin/env python3
"""A prototype, not NearDup: whether the facts a rewrite keeps (numbers, codes, identifiers, mid-sentence names; see
src/NearDup/Verification/Alignment/FactStems.cs) would propose the fluent rewrites that no candidate source of NearDup
proposes today, and at what cost in candidate pairs. Written to decide issue 15's next candidate source.

usage: fact-candidates.py REWRITES_SET_DIR BACKGROUND_DIR [MAX_HOLDERS]

The set's files (pairs.tsv: orig, rewrite, label) are put beside 3,000 documents of BACKGROUND_DIR (seed 21, as
rewrites.py draws them). Each text's facts are cut to stems as NearDup's word pairs are (the first five letters of a
word; numbers whole); a fact held by more than MAX_HOLDERS documents (default 50) is the collection's and does not
count. Two documents are proposed when they share at least K such facts and at least a share SH of the smaller count.
Prints, for several (K, SH), the candidate pairs per document and how many labelled pairs of each kind are proposed,
then which fluent rewrites the loosest setting proposes.
"""
import collections
import csv
import os
import random
import re
import sys

SENTENCE = re.compile(r"(?<=[.!?:;])\s+")
IDENTIFIER = re.compile(r"[@/\\_=<>#{}\[\]|~^$%]|[A-Za-z0-9][.:][A-Za-z0-9]")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def facts(text):
    out = set()
    for sentence in SENTENCE.split(" ".join(text.split())):
        for run in sentence.split(" "):
            marks = IDENTIFIER.search(run) is not None
            for i, word in enumerate(re.findall(r"\w+", run)):
                first = sentence.startswith(run) and i == 0
                digits = any(c.isdigit() for c in word)
                name = word[:1].isupper() and not word.isupper() and not first
                camel = any(word[k].isupper() and word[k - 1].islower() for k in range(1, len(word)))
                if digits or name or camel or (marks and len(word) >= 3):
                    out.add(word.lower() if digits else word.lower()[:5])
    return out


def main():
    set_dir, background = sys.argv[1:3]
    max_holders = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    names = sorted(os.listdir(background))
    random.seed(21)
    docs = {"bg-" + n: facts(read(os.path.join(background, n))) for n in random.sample(names, min(3000, len(names)))}
    pairs = []
    with open(os.path.join(set_dir, "pairs.tsv"), encoding="utf-8") as f:
        for a, b, label in csv.reader(f, delimiter="\t"):
            for p in (a, b):
                docs.setdefault("rw-" + p, facts(read(os.path.join(set_dir, p))))
            pairs.append(("rw-" + a, "rw-" + b, label))
    holders = collections.Counter()
    for fs in docs.values():
        holders.update(fs)
    rare = {d: {x for x in fs if holders[x] <= max_holders} for d, fs in docs.items()}
    postings = collections.defaultdict(list)
    for d, fs in rare.items():
        for x in fs:
            postings[x].append(d)
    for k, share in [(3, 0.3), (4, 0.4), (4, 0.5), (5, 0.5)]:
        proposed = set()
        for d, fs in rare.items():
            counts = collections.Counter(e for x in fs for e in postings[x] if e != d)
            for e, c in counts.items():
                if c >= k and c >= share * min(len(fs), len(rare[e])):
                    proposed.add(tuple(sorted((d, e))))
        found = collections.Counter(label for a, b, label in pairs if tuple(sorted((a, b))) in proposed)
        print(f"K={k} SH={share}: {len(proposed)} candidate pairs ({len(proposed) / len(docs):.2f} per document); proposed {dict(found)}")
        if (k, share) == (3, 0.3):
            loosest = sorted(os.path.basename(a)[:3] for a, b, label in pairs if label == "fluent" and tuple(sorted((a, b))) in proposed)
    print("fluent rewrites proposed at K=3 SH=0.3:", " ".join(loosest))


main()
