/**
 * Debian's busybox-static (ppc64el) under hvstep and under qemu-ppc64le, on the
 * same fixed files: stdout, stderr and the exit status must agree byte for byte.
 * The files are made here with fixed contents, modes and times (and the tar
 * archive with fixed owners and mtimes), TZ=UTC for both runs, so that ls -l and
 * tar -tv print the same names and dates. scripts/fetch-busybox.sh gets the
 * binary once into build/cache.
 *
 * A case with `stops` does not run to the end yet: it reaches a VSX
 * floating-point instruction that is not implemented, must end there with
 * SIGILL at exactly that word, and what it wrote before must be the start of
 * qemu's output. When the instruction lands, the case fails and its `stops`
 * goes.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { LinuxProcess } from './process.js';
import { runProcess } from './runner.js';
import { BufferHostIo } from './host-io.js';
import { runQemu } from './testing/repo.js';
import { fetchBusybox } from './testing/busybox.js';
import { takeMemory, recycle } from './testing/process.js';

const ENV = { LANG: 'C', TZ: 'UTC', PATH: '/usr/bin:/bin' };
/** 2020-01-02 03:04:05 UTC */
const MTIME = 1577934245;

interface Case {
  /** The applet and its arguments; `@` starts a path in the fixture folder. */
  argv: string[];
  stdin?: string;
  /** The illegal word (an unimplemented VSX FP instruction) this case stops at. */
  stops?: string;
}

const CASES: Case[] = [
  { argv: ['echo', 'hello', 'world', '-n'] },
  { argv: ['echo', '-e', 'a\\tb\\nc'] },
  { argv: ['sha256sum', '@fruit.txt', '@nums.txt'] },
  { argv: ['md5sum', '@fruit.txt', '@nums.txt'] },
  { argv: ['sort', '@fruit.txt'] },
  { argv: ['sort', '-k2', '-n', '@fruit.txt'] },
  { argv: ['sort', '-r', '-u', '@nums.txt'] },
  { argv: ['awk', '{ s += $2; n[$1]++ } END { print s, NR; for (k in n) c++; print c }', '@fruit.txt'] },
  { argv: ['awk', '-F', ' ', 'length($1) > 5 { print NR ": " toupper($1) }', '@fruit.txt'] },
  { argv: ['awk', 'BEGIN { printf "%.3f\\n", 3.14159 * 2 }'] },
  { argv: ['sed', '-n', 's/a/A/gp', '@fruit.txt'] },
  { argv: ['sed', '-e', '1,5d', '-e', 's/line/LINE/', '@nums.txt'] },
  { argv: ['grep', '-n', 'apple', '@fruit.txt'] },
  { argv: ['grep', '-c', '-E', '^1[0-9]+ ', '@nums.txt'] },
  { argv: ['grep', 'nomatch', '@fruit.txt'] },
  { argv: ['wc', '@nums.txt', '@fruit.txt'] },
  { argv: ['wc', '-l'], stdin: 'one\ntwo\nthree\n' },
  { argv: ['od', '-A', 'x', '-t', 'x1z', '@fruit.txt'] },
  { argv: ['od', '-c', '@fruit.gz'] },
  { argv: ['tr', 'a-z', 'A-Z'], stdin: 'Hello, World!\nsecond line\n' },
  { argv: ['tr', '-d', 'aeiou'], stdin: 'banana split\n' },
  { argv: ['cut', '-d', ' ', '-f2', '@fruit.txt'] },
  { argv: ['cut', '-c', '1-3,5', '@fruit.txt'] },
  { argv: ['printf', '%s=%d [%5x] %c\\n', 'a', '5', '255', 'xyz', 'b', '7', '16', 'q'] },
  { argv: ['printf', '%.2f\\n', '2.5'] },
  { argv: ['expr', '6', '*', '7'] },
  { argv: ['expr', 'length', 'hello world'] },
  { argv: ['expr', '1', '/', '0'] },
  { argv: ['gzip', '-c', '@fruit.txt'] },
  { argv: ['gzip', '-9', '-c', '@nums.txt'] },
  { argv: ['gunzip', '-c', '@fruit.gz'] },
  { argv: ['tar', '-tvf', '@tree.tar'] },
  { argv: ['tar', '-xOf', '@tree.tar', 'tree/a.txt'] },
  { argv: ['ls', '-l', '@tree'] },
  { argv: ['ls', '-lR', '@tree'] },
  { argv: ['ls', '-la', '@tree/sub'] },
  { argv: ['cat', '@does-not-exist'] },
];

let busybox = '';
let dir = '';

/** The fixture folder: fixed contents, modes and mtimes. */
function makeFixtures(at: string): void {
  const fruit = 'banana 3\napple 10\ncherry 2\napple 1\n';
  fs.writeFileSync(path.join(at, 'fruit.txt'), fruit);
  fs.writeFileSync(path.join(at, 'nums.txt'), Array.from({ length: 200 }, (_, i) => `${i + 1} line\n`).join(''));
  fs.writeFileSync(path.join(at, 'fruit.gz'), gzipSync(fruit, { level: 6 }));
  const tree = path.join(at, 'tree');
  fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'a.txt'), fruit);
  fs.writeFileSync(path.join(tree, 'sub', 'b'), 'hi\n');
  fs.symlinkSync('a.txt', path.join(tree, 'link'));
  fs.chmodSync(path.join(tree, 'a.txt'), 0o640);
  fs.chmodSync(path.join(tree, 'sub', 'b'), 0o755);
  fs.chmodSync(path.join(tree, 'sub'), 0o750);
  fs.chmodSync(tree, 0o755);
  for (const f of ['tree/a.txt', 'tree/sub/b', 'tree/sub', 'tree']) fs.utimesSync(path.join(at, f), MTIME, MTIME);
  fs.lutimesSync(path.join(tree, 'link'), MTIME, MTIME);
  execFileSync('tar', ['-cf', 'tree.tar', '--sort=name', '--mtime=@' + MTIME, '--owner=root:0', '--group=root:0', 'tree'], { cwd: at });
  for (const f of ['fruit.txt', 'nums.txt', 'fruit.gz', 'tree.tar']) fs.utimesSync(path.join(at, f), MTIME, MTIME);
}

const expand = (argv: string[]): string[] => argv.map((a) => (a.startsWith('@') ? path.join(dir, a.slice(1)) : a));

describe('busybox-static (Debian ppc64el): hvstep against qemu-ppc64le', () => {
  beforeAll(() => {
    busybox = fetchBusybox();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvstep-busybox-'));
    makeFixtures(dir);
  });
  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  for (const c of CASES) {
    const title = c.argv.map((a) => (/^[\w@./=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
    it(`${title}${c.stops ? ` (stops at ${c.stops}, VSX floating point)` : ''}`, () => {
      const args = expand(c.argv);
      const stdin = new TextEncoder().encode(c.stdin ?? '');
      const q = runQemu('qemu-ppc64le', busybox, args, stdin, ENV);
      const io = new BufferHostIo(stdin);
      const p = LinuxProcess.fromFile(busybox, {
        argv: [busybox, ...args], env: Object.entries(ENV).map(([k, v]) => `${k}=${v}`), io, memory: takeMemory(),
      });
      const result = runProcess(p);
      recycle(p);
      const out = Buffer.from(io.output(1)).toString('latin1'), err = Buffer.from(io.output(2)).toString('latin1');
      if (c.stops) {
        expect(result.message).toMatch(new RegExp(`^illegal instruction ${c.stops} at `));
        expect(result.exitCode).toBe(132);
        expect(q.stdout.toString('latin1').startsWith(out)).toBe(true);
        return;
      }
      expect(result.message).toBeUndefined();
      expect(q.stdout.length + q.stderr.length > 0 || q.exitCode !== 0).toBe(true); // the comparison is about something
      expect(out).toBe(q.stdout.toString('latin1'));
      expect(err).toBe(Buffer.from(q.stderr, 'utf8').toString('latin1'));
      expect(result.exitCode).toBe(q.exitCode);
    });
  }
});
