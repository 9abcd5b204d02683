#!/bin/bash
# A fourth real collection, first used at ba52ab9 and not tuned on: the package documentation of the machine's
# Debian image, one file per document: CMake's reference pages (Help/*/*.rst), the AWS CLI's examples
# (awscli/examples/*/*.rst, a fixed-seed sample of 2,500) and every package's copyright file. Licences, templates of
# generated reference pages, and real copies (a page for one variable in several variants, one example reused).
#
# usage: package-docs.sh [WORK_DIR]   (default /work/pkgdocs; writes WORK_DIR/docs/*.txt)
#
# Which files exist depends on the packages installed (cmake 3.25, the pyenv Python with awscli), so the collection is
# this machine's; judged samples record file names only.
set -eu
out=${1:-/work/pkgdocs}/docs; mkdir -p "$out"
for f in /usr/share/cmake-*/Help/*/*.rst; do
  d=$(basename "$(dirname "$f")"); cp "$f" "$out/cmake_${d}_$(basename "$f" .rst).txt"
done
find / -path '*/awscli/examples/*/*.rst' -not -path '/proc/*' -not -path '/work/*' 2>/dev/null | sort | python3 -c "
import sys,random
l=[x.strip() for x in sys.stdin]; random.Random(15).shuffle(l); print('\n'.join(sorted(l[:2500])))" |
while read -r f; do
  d=$(basename "$(dirname "$f")"); cp "$f" "$out/aws_${d}_$(basename "$f" .rst).txt"
done
for f in /usr/share/doc/*/copyright; do
  p=$(basename "$(dirname "$f")"); cp "$f" "$out/copyright_${p}.txt"
done
ls "$out" | wc -l
