#!/bin/bash
# Man pages in languages other than English: every translated page the machine's installed Debian packages ship (apt,
# dpkg, man-db, procps, vim, xz-utils, …) for German, French, Spanish, Italian, Polish, Russian, Dutch, Portuguese and
# Swedish (/usr/share/man/LANG/man*/: 944 pages on the machine of 2026-12-07),
# rendered to plain text at 80 columns as man-pages.sh renders the English ones, one page per document, named
# LANG-PAGE.txt: the input of foreign-edits.py, and a collection in which scan learns other languages' function words.
#
# usage: foreign-man-pages.sh [WORK_DIR]   (default /work/fman; writes WORK_DIR/docs/*.txt, WORK_DIR/list.txt, WORK_DIR/DONE)
set -eu
work=${1:-/work/fman}
mkdir -p $work/docs
for l in de fr es it pl ru nl pt sv; do
  for f in /usr/share/man/$l/man*/*.gz; do [ -e "$f" ] && echo "$l $f"; done
done > $work/list.txt
render() { l=${1%% *}; f=${1#* }; b=$(basename "$f" .gz); o="$OUT/$l-$b.txt"; MANWIDTH=80 timeout 20 man -l "$f" 2>/dev/null | col -bx > "$o"; [ -s "$o" ] || rm -f "$o"; }
export OUT=$work/docs
export -f render
tr '\n' '\0' < $work/list.txt | xargs -0 -P 2 -I{} bash -c 'render "{}"'
echo done > $work/DONE
