#!/bin/bash
# The third real collection: a fixed-seed sample (seed 15) of 6,000 English man pages of sections 1, 3, 5 and 8 of the
# machine's Debian image, rendered to plain text at 80 columns, one page per document.
#
# usage: man-pages.sh [WORK_DIR]   (default /work/man; writes WORK_DIR/docs/*.txt, WORK_DIR/list.txt, WORK_DIR/DONE)
#
# Which pages exist depends on the packages installed, so the collection is this machine's; the judged sample records
# page names only. Pages that render empty are skipped.
set -eu
out=${1:-/work/man}/docs; mkdir -p $out
ls /usr/share/man/man1/*.gz /usr/share/man/man5/*.gz /usr/share/man/man8/*.gz /usr/share/man/man3/*.gz 2>/dev/null | python3 -c "
import sys,random
l=[x.strip() for x in sys.stdin]; random.seed(15); random.shuffle(l); print('\n'.join(sorted(l[:6000])))" > ${1:-/work/man}/list.txt
render() { f=$1; b=$(basename $f .gz); MANWIDTH=80 timeout 20 man -l "$f" 2>/dev/null | col -bx > $OUT/$b.txt; [ -s $OUT/$b.txt ] || rm -f $OUT/$b.txt; }
export OUT=$out
export -f render
xargs -P 2 -I{} bash -c 'render {}' < ${1:-/work/man}/list.txt
echo done > ${1:-/work/man}/DONE
