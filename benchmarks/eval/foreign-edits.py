#!/usr/bin/env python3
"""Copies of passages in languages other than English, edited in their function words or spun, found with and without
the function words NearDup learns from the collection.

usage: foreign-edits.py DOCS_DIR WORK_DIR NEARDUP_DLL [ENGLISH_DIR [COUNT [PER_LANGUAGE [SEED]]]]

DOCS_DIR holds plain-text documents named LANG-NAME.txt (LANG one of the languages below), for example Debian's
translated man pages rendered as `man-pages.sh` renders the English ones (`foreign-man-pages.sh`). For PER_LANGUAGE
documents of each language (default 10, chosen with SEED, default 20261207) of at least 300 words, the middle 200
words are the original, and three texts are made from it:

* `edited`: each function word of the language (the short lists below, written for this script and used by nothing
  else) replaced with probability 0.3 by another of the list, drawn as often as the language's documents use it (an
  article for an article more often than for a rare conjunction): the edits of articles, prepositions and conjunctions
  a copy-editor or a grammar tool makes. A copy: near-duplicate or contained.
* `spun`: each other word of 4 letters or more, lower case, replaced with probability 0.4 by a word drawn from other
  documents of the language: a spinner's content-word replacement. A copy: spun.
* `negative`: the middle 200 words of another document of the same language. Not a copy.

The originals, the three texts and the rest of DOCS_DIR go into WORK_DIR, with COUNT documents of ENGLISH_DIR (default
none) beside them, so that the collection is mostly English as real ones are. `neardup scan` runs twice: with the
defaults (function words learned from the collection) and with `--no-learning` (the built-in English ones alone). A
labelled pair counts as found when the scan reports it, of any kind.
"""
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys

FUNCTION_WORDS = {
    "de": "der die das den dem des ein eine einer eines einem einen und oder aber in im an am auf aus bei mit nach von vom zu zur zum "
          "für über unter vor durch um als wie wenn dass ob nicht auch noch nur schon sehr ist sind war wird werden wurde hat haben "
          "sein kann können muss soll es er sie wir ich man sich dieser diese dieses jeder jede alle kein keine",
    "fr": "le la les un une des du de au aux et ou mais donc car ni que qui quoi dont où ce cet cette ces son sa ses leur leurs "
          "il elle ils elles on nous vous je se ne pas plus dans par pour sur sous avec sans entre vers chez est sont a ont être "
          "avoir peut doit si comme aussi tout tous toute toutes",
    "es": "el la los las un una unos unas de del al y o pero que quien cual donde como cuando si no ni más muy en por para con sin "
          "sobre entre hacia desde hasta es son está están ser estar ha han se lo le les su sus este esta estos estas ese esa "
          "todo todos también",
    "it": "il lo la i gli le un uno una di del della dei delle da dal dalla in nel nella con su sul per tra fra e o ma che chi cui "
          "come quando se non più molto è sono essere ha hanno si ci questo questa questi quello quella anche tutto tutti",
    "nl": "de het een en of maar dat die dit deze wat wie waar als dan niet geen ook nog wel zeer is zijn was wordt worden werd heeft "
          "hebben kan moet zal in op aan bij met van voor naar over onder door uit om tot er hij zij ze wij je men zich",
    "pt": "o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela para com sem sobre entre e ou mas que quem "
          "qual onde como quando se não mais muito é são ser estar está foi tem têm pode deve este esta estes estas esse essa "
          "isso todo todos também",
    "sv": "en ett den det de och eller men att som om när där hur vad vem inte också bara mycket är var vara blir blev har hade kan "
          "ska måste i på av till från med för om under över genom mot hos vid han hon vi jag man sig sin sitt sina denna detta "
          "alla",
    "pl": "i a o w z ze na do od po za przez dla przy pod nad bez oraz lub albo ale że czy jak gdy gdzie co kto który która które "
          "nie tak też już jest są był była było być ma mają może można się to ten ta te tego tej jego jej ich",
}

docs_dir, work, dll = sys.argv[1:4]
english = sys.argv[4] if len(sys.argv) > 4 else None
count = int(sys.argv[5]) if len(sys.argv) > 5 else 3000
per_language = int(sys.argv[6]) if len(sys.argv) > 6 else 10
seed = int(sys.argv[7]) if len(sys.argv) > 7 else 20261207

WORD = re.compile(r"\w+", re.UNICODE)
rng = random.Random(seed)
lists = {lang: words.split() for lang, words in FUNCTION_WORDS.items()}
sets = {lang: set(words) for lang, words in lists.items()}

by_language = collections.defaultdict(list)
for name in sorted(os.listdir(docs_dir)):
    lang = name.split("-", 1)[0]
    if lang in lists:
        with open(os.path.join(docs_dir, name), encoding="utf-8", errors="replace") as f:
            words = f.read().split()
        by_language[lang].append((name, words))


def middle(words, n=200):
    start = (len(words) - n) // 2
    return words[start:start + n]


frequency = {}
for lang, docs in by_language.items():
    counts = collections.Counter(w.lower() for _, ws in docs for w in ws)
    frequency[lang] = [counts[x] + 1 for x in lists[lang]]


def edited(words, lang):
    out = []
    for w in words:
        core = w.lower()
        if core in sets[lang] and rng.random() < 0.3:
            other = core
            while other == core:
                other = rng.choices(lists[lang], weights=frequency[lang])[0]
            out.append(other.capitalize() if w[:1].isupper() else other)
        else:
            out.append(w)
    return out


def spun(words, lang, vocabulary):
    out = []
    for w in words:
        if w.isalpha() and w.islower() and len(w) >= 4 and w not in sets[lang] and rng.random() < 0.4:
            out.append(rng.choice(vocabulary))
        else:
            out.append(w)
    return out


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
pairs = []
sampled = set()
for lang in sorted(by_language):
    long_docs = [d for d in by_language[lang] if len(d[1]) >= 300]
    chosen = rng.sample(long_docs, min(per_language, len(long_docs)))
    for name, _ in chosen:
        sampled.add(name)
    for i, (name, words) in enumerate(chosen):
        others = [d for d in by_language[lang] if d[0] != name]
        vocabulary = sorted({w for _, ws in others for w in ws if w.isalpha() and w.islower() and len(w) >= 4 and w not in sets[lang]})
        original = middle(words)
        negative_doc = rng.choice([d for d in long_docs if d[0] != name])
        texts = {
            "orig": original,
            "edited": edited(original, lang),
            "spun": spun(original, lang, vocabulary),
            "neg": middle(negative_doc[1]),
        }
        for kind, ws in texts.items():
            with open(os.path.join(work, f"fx-{lang}-{i:02d}-{kind}.txt"), "w", encoding="utf-8") as f:
                f.write(" ".join(ws) + "\n")
        for kind, label in (("edited", "edited"), ("spun", "spun"), ("neg", "negative")):
            pairs.append((f"fx-{lang}-{i:02d}-orig.txt", f"fx-{lang}-{i:02d}-{kind}.txt", label, lang))

for name in sorted(os.listdir(docs_dir)):
    if name not in sampled and name.split("-", 1)[0] in lists:
        shutil.copyfile(os.path.join(docs_dir, name), os.path.join(work, "bg-" + name))
if english:
    names = sorted(os.listdir(english))
    for name in random.Random(21).sample(names, min(count, len(names))):
        shutil.copyfile(os.path.join(english, name), os.path.join(work, "en-" + name))


def scan(extra):
    out = subprocess.run(["dotnet", dll, "scan", work, "--format", "jsonl", "--progress", "none"] + extra,
                         capture_output=True, text=True, check=True)
    flagged = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        flagged[frozenset((os.path.basename(o["a"]), os.path.basename(o["b"])))] = o["kind"]
    learned = [l for l in out.stderr.splitlines() if "learned" in l]
    return flagged, learned


for mode, extra in (("learned", []), ("English only", ["--no-learning"])):
    flagged, learned = scan(extra)
    print(f"== {mode}: {learned[0] if learned else 'nothing learned'}")
    for label in ("edited", "spun", "negative"):
        rows = [p for p in pairs if p[2] == label]
        kinds = collections.Counter(flagged.get(frozenset(p[:2]), "-") for p in rows)
        found = sum(v for k, v in kinds.items() if k != "-")
        per_lang = collections.Counter(p[3] for p in rows if frozenset(p[:2]) in flagged)
        print(f"  {label:9} flagged {found} of {len(rows)}  kinds {dict(sorted(kinds.items()))}  by language {dict(sorted(per_lang.items()))}")
