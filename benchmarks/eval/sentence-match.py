#!/usr/bin/env python3
"""A prototype, not NearDup: whether sentence-by-sentence matching of content words tells fluent rewrites from texts
that are not copies. Written to decide how to build issue 15's candidate source and evidence for restructured rewrites.

usage: sentence-match.py REWRITES_SET_DIR MIXED_DIR MAIL_DIR JUDGED_DIR [THRESHOLD]

Each text is cut into sentences (after . ! ? : ;); each sentence becomes the set of its content words (not in a small
English function-word list, three letters or more, or a number), each cut to its first five letters as NearDup's word
pairs are. A sentence of A matches a sentence of B, or two neighbouring sentences of B taken together (a sentence
split in two), when they share two or more words and the shared words weigh at least 0.3 of the lighter side. The
matches are chained in order (dynamic programming over A's sentences, B's position only moving forward) to cover as
much of A's weight as possible; the pair's score is the smaller of the two directions' covered shares. Weights are the
inverse document frequency of each word over the collection (MIXED_DIR for the rewrites set and mixed's judged pairs,
MAIL_DIR for mail's), so words every document has count little. It prints, per label of the rewrites set and per
judged truth of ../shared/corpus/real/judged-*.tsv, how many pairs reach THRESHOLD (default 0.5), and for the judged
pairs how many reach it while their word 5-grams cover under a quarter of either text (a copy the shingles miss).
"""
import collections
import csv
import functools
import math
import os
import re
import sys

FUNCTION = set("""a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves may might must shall upon one two""".split())


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?:;])\s+", " ".join(text.split())) if s]


def words(text):
    w = [x.lower() for x in re.findall(r"[A-Za-z0-9]+", text)]
    return [x[:5] for x in w if x not in FUNCTION and (len(x) >= 3 or x.isdigit())]


def grams_cover(a, b):
    def grams(t):
        w = [x.lower() for x in re.findall(r"\w+", t)]
        return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}
    ga, gb = grams(a), grams(b)
    if not ga or not gb:
        return 0.0
    shared = len(ga & gb)
    return max(shared / len(ga), shared / len(gb))


def covered(a, b, weight, theta=0.3):
    sa = [set(words(s)) for s in sentences(a)]
    sb = [set(words(s)) for s in sentences(b)]
    units = [(j, j, sb[j]) for j in range(len(sb))] + [(j, j + 1, sb[j] | sb[j + 1]) for j in range(len(sb) - 1)]

    @functools.lru_cache(None)
    def best(i, first):
        if i >= len(sa):
            return 0.0
        result = best(i + 1, first)
        s = sa[i]
        ws = sum(weight(x) for x in s)
        for j0, j1, t in units:
            if j0 < first or len(s & t) < 2:
                continue
            wt = sum(weight(x) for x in t)
            if sum(weight(x) for x in s & t) >= theta * min(ws, wt):
                result = max(result, ws + best(i + 1, j1 + 1))
        return result

    total = sum(sum(weight(x) for x in s) for s in sa)
    return best(0, 0) / total if total > 0 else 0.0


def idf(folder):
    df = collections.Counter()
    names = os.listdir(folder)
    for n in names:
        with open(os.path.join(folder, n), encoding="utf-8", errors="replace") as f:
            df.update(set(words(f.read())))
    return lambda w: math.log((len(names) + 1) / (1 + df.get(w, 0)))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def main():
    set_dir, mixed, mail, judged = sys.argv[1:5]
    threshold = float(sys.argv[5]) if len(sys.argv) > 5 else 0.5
    weights = {"mixed": idf(mixed), "mail": idf(mail)}
    scores = collections.defaultdict(list)
    with open(os.path.join(set_dir, "pairs.tsv"), encoding="utf-8") as f:
        for a, b, label in csv.reader(f, delimiter="\t"):
            ta, tb = read(os.path.join(set_dir, a)), read(os.path.join(set_dir, b))
            scores[label].append(min(covered(ta, tb, weights["mixed"]), covered(tb, ta, weights["mixed"])))
    for label, v in scores.items():
        print(f"rewrites {label:9} {sum(x >= threshold for x in v)}/{len(v)} reach {threshold}; scores {sorted(round(x, 2) for x in v)}")
    for collection, folder in (("mail", mail), ("mixed", mixed)):
        rows = collections.defaultdict(lambda: [0, 0, 0])
        with open(os.path.join(judged, f"judged-{collection}.tsv"), encoding="utf-8") as f:
            for r in csv.reader(f, delimiter="\t"):
                if len(r) < 4 or r[3] not in ("none", "spun", "contained", "near-duplicate", "exact"):
                    continue
                ta, tb = read(os.path.join(folder, r[1])), read(os.path.join(folder, r[2]))
                if max(len(ta), len(tb)) > 20_000:
                    continue
                s = min(covered(ta, tb, weights[collection]), covered(tb, ta, weights[collection]))
                row = rows[r[3]]
                row[0] += 1
                row[1] += s >= threshold
                row[2] += s >= threshold and grams_cover(ta, tb) < 0.25
        for truth, (n, reach, unseen) in sorted(rows.items()):
            print(f"judged {collection:5} {truth:14} {n:4} pairs; {reach} reach {threshold}, {unseen} of them with word 5-grams under 0.25")


main()
