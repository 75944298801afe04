#!/usr/bin/env python3
"""Writes an uncompressed newc ("070701") cpio archive of a directory tree, the
format the Linux kernel unpacks as an initramfs (Documentation/driver-api/
early-userspace/buffer-format.rst). Entries are sorted and their times and owners
zeroed, so the same tree gives the same bytes. Device nodes cannot be created
without root, so they are given on the command line instead:
    newc.py TREE OUT [--char PATH:MODE:MAJOR:MINOR]...
"""
import os
import stat
import sys


def header(ino, mode, nlink, size, rdevmajor, rdevminor, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, rdevmajor, rdevminor, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(n):
    return b"\0" * ((4 - n % 4) % 4)


def entry(out, ino, mode, name, data=b"", nlink=1, rdev=(0, 0)):
    encoded = name.encode()
    head = header(ino, mode, nlink, len(data), rdev[0], rdev[1], encoded) + encoded + b"\0"
    out.write(head + pad4(len(head)) + data + pad4(len(data)))


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: newc.py TREE OUT [--char PATH:MODE:MAJOR:MINOR]...")
    tree, dest = argv[1], argv[2]
    nodes = []
    rest = argv[3:]
    while rest:
        if rest[0] != "--char" or len(rest) < 2:
            sys.exit(f"newc.py: unexpected argument {rest[0]!r}")
        path, mode, major, minor = rest[1].split(":")
        nodes.append((path.strip("/"), stat.S_IFCHR | int(mode, 8), int(major), int(minor)))
        rest = rest[2:]
    names = []
    for root, dirs, files in os.walk(tree):
        for n in dirs + files:
            names.append(os.path.relpath(os.path.join(root, n), tree))
    ino = 1
    with open(dest + ".part", "wb") as out:
        for name in sorted(names):
            full = os.path.join(tree, name)
            st = os.lstat(full)
            mode = stat.S_IFMT(st.st_mode) | stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                data = os.readlink(full).encode()
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as f:
                    data = f.read()
            else:
                data = b""
            entry(out, ino, mode, name, data, nlink=2 if stat.S_ISDIR(st.st_mode) else 1)
            ino += 1
        for path, mode, major, minor in nodes:
            entry(out, ino, mode, path, rdev=(major, minor))
            ino += 1
        entry(out, 0, 0, "TRAILER!!!")
    os.replace(dest + ".part", dest)


if __name__ == "__main__":
    main(sys.argv)
