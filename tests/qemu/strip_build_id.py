#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Make a kdump-compressed dump of a 5.9+ kernel look like one of a kernel
before 5.9: its VMCOREINFO without the BUILD-ID line, both copies (the
text at offset_vmcoreinfo and the VMCOREINFO note among the notes at
offset_note).  Written for the tests from makedumpfile's
diskdump_mod.h, independently of vmcoreinfo-ext: the new notes go after
the end of the file, the four kdump sub-header fields point at them.

usage: strip_build_id.py DUMP      (a plain kdump-compressed file, LE)
"""
import struct
import sys


def align(n, a):
    return (n + a - 1) // a * a


def main(path):
    with open(path, "r+b") as f:
        h = f.read(464)
        if h[:8] != b"KDUMP   ":
            sys.exit("strip_build_id.py: %s: not kdump-compressed" % path)
        version, = struct.unpack_from("<i", h, 8)
        block_size, = struct.unpack_from("<i", h, 428)
        if version < 4:
            sys.exit("strip_build_id.py: %s: header version %d has no notes"
                     % (path, version))
        f.seek(block_size + 32)
        off_vi, size_vi, off_note, size_note = struct.unpack("<4Q", f.read(32))
        f.seek(off_note)
        notes = f.read(size_note)
        pos = 0
        while pos + 12 <= len(notes):
            namesz, descsz, ntype = struct.unpack_from("<3I", notes, pos)
            name_at = pos + 12
            desc_at = name_at + align(namesz, 4)
            end = desc_at + align(descsz, 4)
            if notes[name_at:name_at + namesz] == b"VMCOREINFO\0":
                break
            if namesz == 0 and descsz == 0:
                sys.exit("strip_build_id.py: %s: no VMCOREINFO note" % path)
            pos = end
        else:
            sys.exit("strip_build_id.py: %s: no VMCOREINFO note" % path)
        text = notes[desc_at:desc_at + descsz].rstrip(b"\0")
        lines = text.split(b"\n")
        kept = [l for l in lines if not l.startswith(b"BUILD-ID=")]
        if len(kept) == len(lines):
            sys.exit("strip_build_id.py: %s: no BUILD-ID line" % path)
        new = b"\n".join(kept)
        note = struct.pack("<3I", 11, len(new), ntype) + b"VMCOREINFO\0\0"
        note += new + b"\0" * (align(len(new), 4) - len(new))
        out = notes[:pos] + note + notes[end:]
        f.seek(0, 2)
        at = align(f.tell(), 8)
        f.write(b"\0" * (at - f.tell()) + out)
        f.seek(block_size + 32)
        f.write(struct.pack("<4Q", at + pos + 24, len(new), at, len(out)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
