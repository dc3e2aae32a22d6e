#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unpack what a guest reported on its result port (ttyS1):
  "file NAME BASE64"  -> OUTDIR/NAME
  "record KEY=VALUE"  -> appended to OUTDIR/records, in order
usage: extract.py RESULT_TXT OUTDIR"""
import base64
import os
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(src, "rb") as f, open(os.path.join(out, "records"), "wb") as rec:
    for raw in f:
        line = raw.rstrip(b"\r\n")
        if line.startswith(b"file "):
            parts = line.split(b" ", 2)
            name = parts[1].decode()
            if "/" in name or name.startswith("."):
                sys.exit("extract.py: bad file name %r" % name)
            with open(os.path.join(out, name), "wb") as g:
                g.write(base64.b64decode(parts[2] if len(parts) > 2 else b""))
        elif line.startswith(b"record "):
            rec.write(line[len(b"record "):] + b"\n")
