#!/usr/bin/env python3
"""Fails when the shared library exports anything but runcover_* symbols, or
when its exports, lib/runcover.map and the public header disagree.

usage: check-symbols.py LIBRARY MAPFILE HEADER
"""
import re
import subprocess
import sys


def main() -> int:
    lib, mapfile, header = sys.argv[1:4]
    out = subprocess.run(['nm', '-D', '--defined-only', lib], check=True, capture_output=True, text=True).stdout
    exported = set()
    bad = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        name = parts[2].split('@')[0]
        if parts[1] in 'TtDdBbRrVvWw' and name:
            if re.fullmatch(r'runcover_\d+(\.\d+)*', name):   # a version node (type A)
                continue
            if not name.startswith('runcover_'):
                bad.append(name)
            else:
                exported.add(name)
    mapped = set(re.findall(r'\b(runcover_[a-z0-9_]+);', open(mapfile).read()))
    declared = set(re.findall(r'\b(runcover_[a-z0-9_]+)\s*\(', open(header).read()))
    ok = True
    if bad:
        print('exported symbols outside runcover_*:', ' '.join(sorted(bad)))
        ok = False
    for what, a, b in (('exported but not in the map', exported, mapped),
                       ('in the map but not exported', mapped, exported),
                       ('declared in the header but not exported', declared, exported),
                       ('exported but not declared in the header', exported, declared)):
        diff = sorted(a - b)
        if diff:
            print(f'{what}:', ' '.join(diff))
            ok = False
    soname = subprocess.run(['objdump', '-p', lib], check=True, capture_output=True, text=True).stdout
    m = re.search(r'SONAME\s+(\S+)', soname)
    if not m or m.group(1) != 'libruncover.so.0':
        print('SONAME is', m.group(1) if m else 'missing', '- expected libruncover.so.0')
        ok = False
    print(f'{len(exported)} exported symbols, all runcover_*, map and header agree; SONAME libruncover.so.0'
          if ok else 'symbol check FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
