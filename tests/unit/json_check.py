#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The JSON of vmcoreinfo-ext, checked with python's own json module
against the schema vmcoreinfo-ext(8) documents and against the text the
same run prints (tests/unit/contract.sh):

  json_check.py print JSON TEXT [JSON TEXT ...]   --format json vs text
  json_check.py verify JSON                       verify --format json

Every member has its one JSON type whatever the values; no JSON number
but the schema version and line numbers, none beyond 2**53.  Across all
the files given, each key has the same type.  Prints one line per problem
and "N files, N keys" when all is well; exit status 1 on any problem."""
import json
import re
import sys

errs = []
types = {}
HEX = re.compile(r"^0x[0-9a-f]{16}$")


def err(f, msg):
    errs.append("%s: %s" % (f, msg))


def no_big_numbers(f, o, path="$"):
    if isinstance(o, bool) or o is None or isinstance(o, str):
        return
    if isinstance(o, float):
        err(f, "%s is a float" % path)
    elif isinstance(o, int):
        if abs(o) > 2 ** 53:
            err(f, "%s = %d is beyond 2**53" % (path, o))
    elif isinstance(o, list):
        for i, v in enumerate(o):
            no_big_numbers(f, v, "%s[%d]" % (path, i))
    elif isinstance(o, dict):
        for k, v in o.items():
            no_big_numbers(f, v, "%s.%s" % (path, k))


def load(f):
    def pairs(kv):
        keys = [k for k, _ in kv]
        if len(keys) != len(set(keys)):
            err(f, "an object has a key twice")
        return dict(kv)
    with open(f) as fh:
        return json.load(fh, object_pairs_hook=pairs)


def number_of(key, value):
    """The 64-bit number vmcoreinfo-ext(8) says "hex" holds, or None."""
    try:
        if key.startswith("NUMBER("):
            v = int(value, 16) if value[:2] in ("0x", "0X") else int(value, 10)
            if value[:2] in ("0x", "0X"):
                return v if v < 2 ** 64 else None
            return v % 2 ** 64 if -2 ** 63 <= v < 2 ** 63 else None
        if key.startswith("SYMBOL(") or key == "KERNELOFFSET":
            v = int(value, 16)
            return v if v < 2 ** 64 and re.match(r"^(0[xX])?[0-9a-fA-F]+$", value) else None
        if key.startswith(("OFFSET(", "SIZE(", "LENGTH(")) or key in ("PAGESIZE", "CRASHTIME"):
            if re.match(r"^[0-9]+$", value) and int(value) < 2 ** 63:
                return int(value)
    except ValueError:
        return None
    return None


def typed(f, where, key, value):
    t = type(value).__name__
    if types.setdefault((where, key), t) != t:
        err(f, "%s[%s] is a %s here and a %s elsewhere" % (where, key, t, types[(where, key)]))


def check_print(f, textfile):
    j = load(f)
    no_big_numbers(f, j)
    want = ["schema_version", "sources", "vmcoreinfo", "hex", "origin", "duplicates", "unparsed"]
    if list(j) != want:
        err(f, "members %s, not %s" % (list(j), want))
        return
    if j["schema_version"] != 1 or isinstance(j["schema_version"], bool):
        err(f, "schema_version %r" % j["schema_version"])
    s = j["sources"]
    if list(s) != ["kernel", "module", "notes"] or not isinstance(s["kernel"], str) or \
            any(s[k] is not None and not isinstance(s[k], str) for k in ("module", "notes")):
        err(f, "sources %r" % s)
    first, dups, unparsed = {}, [], []
    with open(textfile) as fh:
        for n, line in enumerate(fh.read().split("\n")[:-1], 1):
            # Kept verbatim, as vmcoreinfo-ext's lenient parse does: over
            # 1024 bytes, empty, no '=', or an empty key.
            if "=" in line and line.index("=") > 0 and len(line) <= 1024:
                k, v = line.split("=", 1)
                if k in first:
                    dups.append({"key": k, "value": v, "line": n})
                else:
                    first[k] = v
            else:
                unparsed.append({"text": line, "line": n})
    vi = j["vmcoreinfo"]
    if vi != first:
        err(f, "vmcoreinfo is not the text's first value of each key")
    for k, v in vi.items():
        typed(f, "vmcoreinfo", k, v)
        if not isinstance(v, str):
            err(f, "vmcoreinfo[%s] is not a string" % k)
    for k, v in j["hex"].items():
        typed(f, "hex", k, v)
        if not isinstance(v, str) or not HEX.match(v):
            err(f, "hex[%s] = %r" % (k, v))
    for k, v in vi.items():
        n = number_of(k, v)
        h = j["hex"].get(k)
        if n is None and h is not None:
            err(f, "hex[%s] = %s for %r, which is no number" % (k, h, v))
        elif n is not None and h != "0x%016x" % n:
            err(f, "hex[%s] = %s, want 0x%016x (value %r)" % (k, h, n, v))
    if set(j["hex"]) - set(vi):
        err(f, "hex has keys vmcoreinfo lacks")
    if list(j["origin"]) != list(vi):
        err(f, "origin's keys are not vmcoreinfo's")
    for k, v in j["origin"].items():
        typed(f, "origin", k, v)
        if v not in ("kernel", "module", "notes", "amended"):
            err(f, "origin[%s] = %r" % (k, v))
    if j["duplicates"] != dups:
        err(f, "duplicates %r, the text has %r" % (j["duplicates"], dups))
    if j["unparsed"] != unparsed:
        err(f, "unparsed %r, the text has %r" % (j["unparsed"], unparsed))
    return len(vi)


def check_verify(f):
    j = load(f)
    no_big_numbers(f, j)
    if list(j) != ["schema_version", "dumps"] or j["schema_version"] != 1 or \
            not isinstance(j["dumps"], list):
        err(f, "top level %r" % list(j))
        return 0
    strs = ("error", "format", "arch", "osrelease", "amend_record", "amend_record_detail")
    lists = ("needed", "kernel", "added", "missing")
    for d in j["dumps"]:
        want = ["file", "complete", "error", "format", "arch", "osrelease"] + \
            list(lists) + ["amend_record", "amend_record_detail"]
        if list(d) != want:
            err(f, "dump members %s" % list(d))
            continue
        if not isinstance(d["file"], str) or not isinstance(d["complete"], bool):
            err(f, "file/complete %r" % d)
        for k in strs:
            if d[k] is not None and not isinstance(d[k], str):
                err(f, "%s %r" % (k, d[k]))
        for k in lists:
            if not isinstance(d[k], list) or not all(isinstance(x, str) for x in d[k]):
                err(f, "%s %r" % (k, d[k]))
        if d["error"] is None:
            if d["complete"] != (d["missing"] == []) or \
                    sorted(d["kernel"] + [k for k in d["added"] if k in d["needed"]] + d["missing"]) != sorted(d["needed"]):
                err(f, "the needed entries are not kernel + added + missing: %r" % d)
            if d["amend_record"] not in ("none", "intact", "interrupted", "changed", "damaged"):
                err(f, "amend_record %r" % d["amend_record"])
    return len(j["dumps"])


if sys.argv[1] == "print":
    args = sys.argv[2:]
    keys = sum(check_print(args[i], args[i + 1]) or 0 for i in range(0, len(args), 2))
    files = len(args) // 2
else:
    keys = sum(check_verify(a) for a in sys.argv[2:])
    files = len(sys.argv) - 2
for e in errs:
    print(e)
if not errs:
    print("%d files, %d keys" % (files, keys))
sys.exit(1 if errs else 0)
