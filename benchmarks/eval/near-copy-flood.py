#!/usr/bin/env python3
"""A flood of near copies: N copies of one made-up article, each with K words replaced, beside M unrelated articles.

The case a crawl of templated pages makes: thousands of pages that differ in a few words. Every text is generated here
from made-up syllable words (no third-party text), the same for the same arguments on every machine.

usage: near-copy-flood.py OUT N M K SEED
  e.g. near-copy-flood.py /tmp/flood 2000 3000 3 7   (5,000 files of about 450 words, as benchmarks/README.md uses)
"""
import os
import random
import sys

SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'ne', 'dri', 'sul', 'pe', 'gor', 'an', 'ith', 'bu', 'cel', 'mo',
             'ra', 'ven', 'ti', 'os']


def vocabulary(rng):
    words = set()
    while len(words) < 8000:
        words.add(''.join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def article(rng, vocab, words=450):
    chosen = [rng.choice(vocab) for _ in range(words)]
    sentences, i = [], 0
    while i < len(chosen):
        n = rng.randint(8, 22)
        sentences.append(' '.join(chosen[i:i + n]).capitalize() + '.')
        i += n
    return ' '.join(sentences)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    out, n, m, k, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    rng = random.Random(seed)
    vocab = vocabulary(random.Random(0))
    os.makedirs(out, exist_ok=True)
    base = article(rng, vocab).split(' ')
    for c in range(n):
        words = list(base)
        for _ in range(k):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        with open(os.path.join(out, f'copy{c:05d}.txt'), 'w', encoding='utf-8') as f:
            f.write(' '.join(words))
    for u in range(m):
        with open(os.path.join(out, f'other{u:05d}.txt'), 'w', encoding='utf-8') as f:
            f.write(article(random.Random(seed * 1_000_003 + u), vocab))


if __name__ == '__main__':
    main()
