#!/bin/bash
# A fifth real collection, first used at 813c0cd and read before any rule looked at it: the Debian changelogs of the
# machine's installed packages, one file per package: /usr/share/doc/PACKAGE/changelog.Debian.gz, changelog.gz and
# NEWS.Debian.gz, each cut to its first 60,000 bytes. Binary packages of one source carry one changelog (exact and
# near copies, the real ones); packages of one team carry its bulk entries and signatures (templates, not copies).
#
# usage: changelogs.sh [WORK_DIR]   (default /work/chlog; writes WORK_DIR/docs/PACKAGE__NAME.txt)
#
# Which files exist depends on the packages installed, so the collection is this machine's; judged samples record file
# names only (at 813c0cd: 1,510 files, of which `neardup scan` skips 14 that are not UTF-8).
set -eu
out=${1:-/work/chlog}/docs; mkdir -p "$out"
cd /usr/share/doc
for d in */; do
  p=${d%/}
  for c in changelog.Debian.gz changelog.gz NEWS.Debian.gz; do
    if [ -f "$p/$c" ]; then
      zcat "$p/$c" 2>/dev/null | head -c 60000 > "$out/${p}__${c%.gz}.txt" || true
    fi
  done
done
ls "$out" | wc -l
