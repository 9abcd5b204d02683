#!/usr/bin/env python3
"""The passages a rewrites development set is written from, drawn the same way every time.

usage: rewrite-passages.py MIXED_DIR OUT_DIR [COUNT]

Walks the files of MIXED_DIR (../shared/corpus/real/mixed unpacked) in random.Random(20261204) order and takes from
each the first run of whole sentences of 150-260 words that reads as prose (few digits, symbols, code or markup
characters; no sentence over 90 words). Writes OUT_DIR/cand/NNN.txt (the passage) and OUT_DIR/candidates.tsv
(n, file, first sentence index, words) for the first COUNT files (default 120) that have one, and for each a
same-source negative candidate: the first prose run of the file four numbers on (chunks are cut in order, so it is
usually later text of the same speech, book, page or mail), in OUT_DIR/neg/NNN.txt. A person then keeps 30 passages
(skipping tables, code, lists and anything that is not running text), writes a standard and a fluent rewrite of
each, and checks each negative shares the topic and none of the text. The set holds third-party text: keep it
outside the repository.
"""
import os
import random
import re
import sys

mixed, out = sys.argv[1:3]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 120
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def prose(text):
    letters = sum(c.isalpha() for c in text)
    odd = sum(c in "{}[]<>=$#@|\\/_*~`^%&;" for c in text)
    digits = sum(c.isdigit() for c in text)
    return letters > 0.75 * len(text.replace(" ", "")) and odd < 0.004 * len(text) and digits < 0.02 * len(text)


def passage(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = " ".join(f.read().split())
    sents = SENT.split(text)
    # the chunk starts and ends mid-sentence: leave the first and last out
    for start in range(1, len(sents) - 1):
        words = 0
        for end in range(start, len(sents) - 1):
            n = len(sents[end].split())
            if n > 90:
                break
            words += n
            if words >= 150:
                run = " ".join(sents[start:end + 1])
                if words <= 260 and prose(run):
                    return start, words, run
                break
    return None


names = sorted(n for n in os.listdir(mixed) if n.endswith(".txt"))
order = names[:]
random.Random(20261204).shuffle(order)
os.makedirs(os.path.join(out, "cand"), exist_ok=True)
os.makedirs(os.path.join(out, "neg"), exist_ok=True)
rows = []
for name in order:
    if len(rows) >= count:
        break
    p = passage(os.path.join(mixed, name))
    if not p:
        continue
    n = len(rows) + 1
    stem = int(name.split(".")[0])
    neg_name = f"{stem + 4:05d}.txt"
    neg = passage(os.path.join(mixed, neg_name)) if os.path.exists(os.path.join(mixed, neg_name)) else None
    with open(os.path.join(out, "cand", f"{n:03d}.txt"), "w", encoding="utf-8") as f:
        f.write(p[2] + "\n")
    if neg:
        with open(os.path.join(out, "neg", f"{n:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(neg[2] + "\n")
    rows.append(f"{n:03d}\t{name}\t{p[0]}\t{p[1]}\t{neg_name if neg else '-'}\t{neg[1] if neg else '-'}")
with open(os.path.join(out, "candidates.tsv"), "w", encoding="utf-8") as f:
    f.write("n\tfile\tsentence\twords\tnegative_file\tnegative_words\n" + "\n".join(rows) + "\n")
print(f"{len(rows)} candidates in {out}")
