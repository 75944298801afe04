#!/usr/bin/env python3
"""Downloads the newest Debian package whose name matches a pattern, for a foreign
architecture, straight from the archive the machine's apt sources name: reads each
suite's Packages index for that architecture, picks the highest version (dpkg
--compare-versions), downloads the .deb from the pool and checks its size and SHA256
against the index entry.

It is the fallback of scripts/lib/ppc64el-apt.sh for when apt cannot build its lists:
apt refuses a whole suite when one index does not match the signed Release file (a
mirror or proxy in the middle of a sync: "File has unexpected size ... Mirror sync in
progress?"), although the index it got still names packages that are in the pool.
The Release signature does not vouch for such an index, so this prints a warning;
the .deb is still checked against the index it came from.

Usage: debian-pool.py ARCH REGEX DIR   (prints the downloaded file's path)
"""
import glob
import hashlib
import lzma
import os
import re
import subprocess
import sys
import urllib.request


def apt_sources():
    """(uri, suite, component) of every `deb` source, from deb822 and one-line files."""
    found = []
    for path in sorted(glob.glob('/etc/apt/sources.list.d/*.sources')):
        for stanza in open(path, encoding='utf-8').read().split('\n\n'):
            fields = {}
            for line in stanza.splitlines():
                if line.startswith('#') or ':' not in line:
                    continue
                key, value = line.split(':', 1)
                fields[key.strip().lower()] = value.split()
            if 'deb' not in fields.get('types', []) or fields.get('enabled', ['yes'])[0] == 'no':
                continue
            for uri in fields.get('uris', []):
                for suite in fields.get('suites', []):
                    for component in fields.get('components', []):
                        found.append((uri.rstrip('/'), suite, component))
    for path in ['/etc/apt/sources.list'] + sorted(glob.glob('/etc/apt/sources.list.d/*.list')):
        if not os.path.exists(path):
            continue
        for line in open(path, encoding='utf-8'):
            words = re.sub(r'\[[^]]*\]', '', line.split('#', 1)[0]).split()
            if len(words) >= 4 and words[0] == 'deb':
                for component in words[3:]:
                    found.append((words[1].rstrip('/'), words[2], component))
    return found


def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def stanzas(index_text):
    for block in index_text.split('\n\n'):
        fields = {}
        for line in block.splitlines():
            if line and not line[0].isspace() and ':' in line:
                key, value = line.split(':', 1)
                fields[key] = value.strip()
        if 'Package' in fields:
            yield fields


def newer(a, b):
    return subprocess.run(['dpkg', '--compare-versions', a, 'gt', b]).returncode == 0


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    arch, pattern, out_dir = sys.argv[1], re.compile(sys.argv[2]), sys.argv[3]
    best = None
    for uri, suite, component in apt_sources():
        url = f'{uri}/dists/{suite}/{component}/binary-{arch}/Packages.xz'
        try:
            text = lzma.decompress(fetch(url)).decode('utf-8', 'replace')
        except Exception as err:  # a suite without this architecture, a network error
            print(f'debian-pool: {url}: {err}', file=sys.stderr)
            continue
        for entry in stanzas(text):
            if pattern.search(entry['Package']) and (best is None or newer(entry['Version'], best[1]['Version'])):
                best = (uri, entry)
    if best is None:
        sys.exit(f'debian-pool: no {arch} package matches {pattern.pattern} in the configured suites')
    uri, entry = best
    print(f"debian-pool: warning: {entry['Package']} {entry['Version']} from an index the signed "
          f"Release file does not vouch for (apt could not update); checking the .deb against it", file=sys.stderr)
    path = os.path.join(out_dir, os.path.basename(entry['Filename']))
    digest, size = hashlib.sha256(), 0
    # streamed: a -dbg package is close to a gigabyte
    with urllib.request.urlopen(f"{uri}/{entry['Filename']}", timeout=120) as response, open(path, 'wb') as f:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            f.write(chunk)
    if size != int(entry['Size']) or digest.hexdigest() != entry['SHA256']:
        os.unlink(path)
        sys.exit(f"debian-pool: {entry['Filename']}: size or SHA256 differs from the index")
    print(path)


if __name__ == '__main__':
    main()
