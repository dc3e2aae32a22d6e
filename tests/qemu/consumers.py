#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The real readers of a dump, on a dump that vmcoreinfo-ext amended and
on the same dump before (the baseline): crash 8.0.2, python3-libkdumpfile,
python3-drgn and makedumpfile from Debian's archive.  What each is asked:

  vmcoreinfo-ext DUMP   (no flags) prints the merged note: the kernel's
                        lines, then the module's, as with --ext-file SAVED
                        on the original
  crash --osrelease     the dump's OSRELEASE
  crash -d1 --log       crash's own dump of the VMCOREINFO it read (its
                        diskdump reader, or its flattened-stream reader):
                        NUMBER(page_offset_base) there, and not before
  libkdumpfile          NUMBER(page_offset_base) in linux.vmcoreinfo.lines
                        equal to the saved value, and not before; a read at
                        page_offset_base + P (translated through the dump's
                        page tables) equals the physical read at P
  drgn                  opens it and reads the same bytes at
                        page_offset_base + P as physically at P
  drgn 0.2.0 (--drgn)   the newest drgn (../shared/drgn), with no flags
                        but --log-level debug: says it found the kernel's
                        build ID in VMCOREINFO, and it is --build-id (the
                        booted vmlinux's, from readelf); on a dump whose
                        note lacks BUILD-ID, that it could not find it
  makedumpfile          --dump-dmesg works; re-filtering (-d 31 DUMP OUT)
                        works and OUT still carries the merged note

usage: consumers.py --reader VMCOREINFO-EXT --saved SAVED --kind
       kdump|flat|elf [--drgn PYTHONPATH --build-id HEX]
       [--expect MERGED-TEXT] [--only-drgn-new] AMENDED ORIGINAL|- WORKDIR
ORIGINAL "-": there is none (a stream amended on its way to a collector):
the amended dump is read alone, and the merged note it must carry is
--expect's.
A flattened stream (--kind flat) is read by crash as it is; the others
read it after makedumpfile -R, as they must.
Prints "ok - ..." / "not ok - ..." lines; exit status 1 if any failed.
"""
import argparse
import os
import subprocess
import sys

failed = 0


def report(good, what):
    global failed
    print(("ok - " if good else "not ok - ") + what)
    if not good:
        failed += 1


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def saved_value(saved, key):
    for line in open(saved):
        if line.startswith(key + "="):
            return int(line.split("=", 1)[1])
    raise SystemExit("consumers.py: %s has no %s" % (saved, key))


def crash_checks(path, label, pob):
    r = run("crash", "--osrelease", path)
    rel = r.stdout.strip()
    report(r.returncode == 0 and rel and rel != "unknown",
           "%s: crash --osrelease: %s" % (label, rel or r.stderr.strip()))
    r = run("crash", "-d", "1", "--log", path)
    line = "NUMBER(page_offset_base)=%d" % pob
    return rel, line in r.stdout


def physical_pages(k):
    """Physical addresses with non-zero data, for the read checks."""
    import kdumpfile
    found = []
    for p in range(0x10000, 0x40000000, 0x100000):
        try:
            b = k.read(kdumpfile.KDUMP_KPHYSADDR, p, 64)
        except Exception:
            continue
        if any(b):
            found.append(p)
        if len(found) == 3:
            break
    return found


def libkdumpfile_checks(path, label, pob, amended):
    import kdumpfile
    k = kdumpfile.kdumpfile(path)
    lines = k.attr["linux.vmcoreinfo.lines"]
    have = lines.get("NUMBER(page_offset_base)")
    if amended:
        report(have is not None and int(have) % (1 << 64) == pob,
               "%s: libkdumpfile: NUMBER(page_offset_base)=%s in the "
               "dump's VMCOREINFO (%d lines)" % (label, have,
                                                 len(list(lines.keys()))))
    else:
        report(have is None, "%s: libkdumpfile: no NUMBER(page_offset_base)"
               " before amend (%d lines)" % (label, len(list(lines.keys()))))
    k.attr["addrxlat.ostype"] = "linux"
    pages = physical_pages(k)
    same = [k.read(kdumpfile.KDUMP_KVADDR, (pob + p) % (1 << 64), 64) ==
            k.read(kdumpfile.KDUMP_KPHYSADDR, p, 64) for p in pages]
    report(pages and all(same), "%s: libkdumpfile: page_offset_base + P "
           "reads as physical P (P = %s)" % (
               label, ", ".join(hex(p) for p in pages)))
    return pages


def drgn_checks(path, label, pob, pages):
    import drgn
    prog = drgn.Program()
    prog.set_core_dump(path)
    same = [prog.read((pob + p) % (1 << 64), 64) == prog.read(p, 64, True)
            for p in pages]
    report(pages and all(same), "%s: drgn opens it; page_offset_base + P "
           "reads as physical P" % label)


def drgn_new_checks(path, label, drgn_path, build_id, note):
    """drgn 0.2.0's own log line about the kernel's build ID."""
    env = dict(os.environ, PYTHONPATH=drgn_path)
    r = subprocess.run(["/usr/bin/python3", "-m", "drgn", "-c", path,
                        "--log-level", "debug", "-e", "pass"],
                       capture_output=True, text=True, env=env)
    lines = [l for l in (r.stdout + r.stderr).splitlines()
             if "kernel build ID" in l]
    said = lines[0].strip() if lines else "(no line about the build ID)"
    have = [l[len("BUILD-ID="):] for l in note.splitlines()
            if l.startswith("BUILD-ID=")]
    if have:
        want = "found kernel build ID %s in VMCOREINFO" % have[0]
        good = said.endswith(want) and have[0] == build_id
        what = "the note's BUILD-ID %s, the booted vmlinux's %s" % (
            have[0], build_id)
    else:
        want = "couldn't find kernel build ID"
        good = said.endswith(want)
        what = "a note without BUILD-ID"
    report(good, "%s: drgn 0.2.0: \"%s\" (%s)" % (label, said, what))


def makedumpfile_checks(path, label, work, reader, note, amended):
    dmesg = os.path.join(work, "dmesg.txt")
    out = os.path.join(work, "refiltered.kdump")
    for f in (dmesg, out):
        if os.path.exists(f):
            os.unlink(f)
    r = run("makedumpfile", "--dump-dmesg", path, dmesg)
    report(r.returncode == 0 and os.path.getsize(dmesg) > 0,
           "%s: makedumpfile --dump-dmesg (%s bytes)" % (
               label, os.path.getsize(dmesg) if os.path.exists(dmesg)
               else "no file"))
    r = run("makedumpfile", "-d", "31", path, out)
    got = run(reader, out).stdout if r.returncode == 0 else ""
    report(r.returncode == 0 and got == note,
           "%s: makedumpfile -d 31 re-filters it, and the output carries "
           "%s note" % (label, "the merged" if amended else "the same"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", required=True)
    ap.add_argument("--saved", required=True)
    ap.add_argument("--kind", choices=("kdump", "flat", "elf"),
                    required=True)
    ap.add_argument("--drgn", help="PYTHONPATH of drgn 0.2.0")
    ap.add_argument("--build-id", help="the kernel's build ID (readelf)")
    ap.add_argument("--expect", help="the merged note, without ORIGINAL")
    ap.add_argument("--only-drgn-new", action="store_true",
                    help="of the readers, drgn 0.2.0 alone (after "
                    "vmcoreinfo-ext)")
    ap.add_argument("amended")
    ap.add_argument("original")
    ap.add_argument("work")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    pob = saved_value(a.saved, "NUMBER(page_offset_base)")
    upob = pob % (1 << 64)
    have_original = a.original != "-"
    if have_original:
        merged = run(a.reader, "--ext-file", a.saved, a.original).stdout
    else:
        merged = open(a.expect).read()
    note = run(a.reader, a.amended).stdout
    report(note == merged and "NUMBER(page_offset_base)=%d\n" % pob in note,
           "vmcoreinfo-ext %s (no flags): the merged note, with "
           "NUMBER(page_offset_base)" % a.kind)
    if a.only_drgn_new:
        for label, path in (("amended", a.amended), ("original", a.original)):
            drgn_new_checks(path, "%s %s" % (label, a.kind), a.drgn,
                            a.build_id, run(a.reader, path).stdout)
        return 1 if failed else 0
    rel_a, crash_a = crash_checks(a.amended, "amended " + a.kind, pob)
    pairs = [("amended", a.amended, True)]
    if have_original:
        rel_o, crash_o = crash_checks(a.original, "original " + a.kind, pob)
        report(crash_a and not crash_o and rel_a == rel_o,
               "%s: crash reads NUMBER(page_offset_base) from the amended "
               "dump's VMCOREINFO (crash -d1 --log), not from the "
               "original's" % a.kind)
        pairs.append(("original", a.original, False))
    else:
        report(crash_a, "%s: crash reads NUMBER(page_offset_base) from the "
               "dump's VMCOREINFO (crash -d1 --log)" % a.kind)
    if a.kind == "flat":
        rebuilt = []
        for label, path, amended in pairs:
            out = os.path.join(a.work, label + ".rebuilt.kdump")
            if os.path.exists(out):
                os.unlink(out)
            with open(path, "rb") as stream:
                r = subprocess.run(["makedumpfile", "-R", out],
                                   stdin=stream, capture_output=True)
            report(r.returncode == 0, "%s flat: makedumpfile -R" % label)
            rebuilt.append((label + " (rebuilt)", out, amended))
        pairs = rebuilt
        note = run(a.reader, pairs[0][1]).stdout
        report(note == merged, "flat: rebuilt with makedumpfile -R, the "
               "amended stream reads as the merged note")
    for label, path, amended in pairs:
        label = "%s %s" % (label, a.kind)
        pages = libkdumpfile_checks(path, label, upob, amended)
        drgn_checks(path, label, upob, pages)
        if a.drgn:
            drgn_new_checks(path, label, a.drgn, a.build_id,
                            run(a.reader, path).stdout)
        makedumpfile_checks(path, label, a.work, a.reader,
                            merged if amended else run(a.reader, path).stdout,
                            amended)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
