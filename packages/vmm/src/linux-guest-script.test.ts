import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseElf, EM_PPC64 } from '@hvstep/linux-user';
import { readElfSymbols } from './elf-symbols.js';

/**
 * scripts/linux-guest.sh: Debian's ppc64el kernel and a busybox initramfs, cached in
 * build/cache/linux-guest. The first run downloads from Debian's archive (about
 * 80 MB); the suite then checks what it built and that apt is left as it was.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = path.join(ROOT, 'scripts/linux-guest.sh');

interface NewcEntry { name: string; mode: number; major: number; minor: number; data: Buffer }

/** Reads an uncompressed newc ("070701") archive, as the kernel's initramfs unpacker does. */
function readNewc(archive: Buffer): NewcEntry[] {
  const entries: NewcEntry[] = [];
  for (let at = 0; ;) {
    expect(archive.toString('latin1', at, at + 6)).toBe('070701');
    const field = (i: number) => parseInt(archive.toString('latin1', at + 6 + 8 * i, at + 14 + 8 * i), 16);
    const nameSize = field(11), fileSize = field(6);
    const name = archive.toString('utf8', at + 110, at + 110 + nameSize - 1);
    const dataAt = Math.ceil((at + 110 + nameSize) / 4) * 4;
    if (name === 'TRAILER!!!') return entries;
    entries.push({ name, mode: field(1), major: field(9), minor: field(10), data: archive.subarray(dataAt, dataAt + fileSize) });
    at = Math.ceil((dataAt + fileSize) / 4) * 4;
  }
}

const foreignArchitectures = (): string => execFileSync('dpkg', ['--print-foreign-architectures'], { encoding: 'utf8' });

describe('scripts/linux-guest.sh', () => {
  const before = foreignArchitectures();
  const [kernel, rootfs] = execFileSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 }).trim().split('\n') as [string, string];

  it('leaves apt as it was (the ppc64el architecture only during a download)', () => {
    expect(foreignArchitectures()).toBe(before);
    expect(before).not.toMatch(/ppc64el/);
  });

  it('gives the Debian kernel: an unstripped ppc64 little-endian ELF entered at __start', () => {
    expect(kernel).toBe(path.join(ROOT, 'build/cache/linux-guest/vmlinux'));
    expect(readFileSync(path.join(ROOT, 'build/cache/linux-guest/VERSION'), 'utf8')).toMatch(/^linux-image-6\.12\.[^ ]*-powerpc64le_.*_ppc64el\.deb$/m);
    const bytes = readFileSync(kernel);
    const elf = parseElf(bytes);
    expect(elf.machine).toBe(EM_PPC64);
    expect(elf.littleEndian).toBe(true);
    const symbols = readElfSymbols(bytes);
    expect(symbols.get('__start')?.value).toBe(0xc000000000000000n);
    expect(symbols.has('start_kernel')).toBe(true);
  });

  it('builds a newc initramfs: busybox, applet links, /init, /dev/console', () => {
    const entries = new Map(readNewc(readFileSync(rootfs)).map((e) => [e.name, e]));
    const init = entries.get('init')!;
    expect(init.mode).toBe(0o100755);
    expect(init.data.toString()).toBe(readFileSync(path.join(ROOT, 'guests/linux/init'), 'utf8'));
    const busybox = entries.get('bin/busybox')!;
    expect(busybox.mode).toBe(0o100755);
    expect(busybox.data.equals(readFileSync(path.join(ROOT, 'build/cache/busybox-ppc64el/busybox')))).toBe(true);
    for (const applet of ['bin/sh', 'bin/mount', 'sbin/poweroff', 'usr/bin/setsid', 'bin/cttyhack']) {
      expect(entries.get(applet)).toMatchObject({ mode: 0o120777 });
      expect(entries.get(applet)!.data.toString()).toBe('/bin/busybox');
    }
    expect(entries.get('dev/console')).toMatchObject({ mode: 0o20600, major: 5, minor: 1 });
    for (const dir of ['proc', 'sys', 'dev', 'tmp']) expect(entries.get(dir)!.mode).toBe(0o40755);
  });

  it('is quick and changes nothing when cached', () => {
    const mtimes = [kernel, rootfs].map((f) => statSync(f).mtimeMs);
    const t0 = performance.now();
    execFileSync('bash', [SCRIPT], { stdio: 'pipe' });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect([kernel, rootfs].map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
  });
});
