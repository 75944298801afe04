import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine, EXIT_TIMEOUT, type MachineOptions } from './machine.js';
import { ImageError } from './loader.js';
import type { ConsoleIo } from './papr/console.js';
import { RTAS_TOKENS } from './papr/rtas-tokens.js';

/** Builds a static ELF from assembly with the cross binutils, linked at `origin`. */
function buildElf(source: string, origin: number, bigEndian = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-vmm-'));
  writeFileSync(join(dir, 'a.S'), `${bigEndian ? '' : '  .abiversion 2\n'}${source}\n`);
  execFileSync('powerpc64le-linux-gnu-as', [bigEndian ? '-mbig' : '-mlittle', '-mpower9', '-o', join(dir, 'a.o'), join(dir, 'a.S')]);
  execFileSync('powerpc64le-linux-gnu-ld', [bigEndian ? '-EB' : '-EL', `-Ttext=0x${origin.toString(16)}`, '-o', join(dir, 'a.elf'), join(dir, 'a.o')]);
  return join(dir, 'a.elf');
}

class BufferConsole implements ConsoleIo {
  out = '';
  constructor(private input: number[] = []) {}
  write(bytes: Uint8Array): void { this.out += new TextDecoder().decode(bytes); }
  read(max: number): Uint8Array { return new Uint8Array(this.input.splice(0, max)); }
}

async function boot(options: Partial<MachineOptions>, console = new BufferConsole()) {
  const lines: string[] = [];
  const m = new Machine({ smp: 1, memoryBytes: 64 << 20, accel: 'hv', console, report: (l) => lines.push(l), ...options } as MachineOptions);
  try {
    const status = await m.run();
    return { status, out: console.out, lines, machine: m };
  } finally {
    await m.destroy();
  }
}

/** Guest helpers: put 1..16 chars in r6/r7 big-endian, and an RTAS call through a buffer at 0x10000. */
const putChars = (text: string) => {
  const bytes = [...new TextEncoder().encode(text)];
  const word = (i: number) => bytes.slice(i, i + 8).concat(Array(8).fill(0)).slice(0, 8);
  const load = (reg: number, b: number[]) => `
  lis ${reg}, 0x${((b[0]! << 8) | b[1]!).toString(16)}
  ori ${reg}, ${reg}, 0x${((b[2]! << 8) | b[3]!).toString(16)}
  sldi ${reg}, ${reg}, 32
  oris ${reg}, ${reg}, 0x${((b[4]! << 8) | b[5]!).toString(16)}
  ori ${reg}, ${reg}, 0x${((b[6]! << 8) | b[7]!).toString(16)}`;
  return `
  li 3, 0x58
  li 4, 0
  li 5, ${bytes.length}${load(6, word(0))}${load(7, word(8))}
  sc 1`;
};
/** RTAS call with big-endian words written by stw in either byte order: the guest stores with the right order. */
const rtas = (token: number, args: number[], nret: number, bigEndian = false) => {
  const words = [token, args.length, nret, ...args];
  const swap = (v: number) => (bigEndian ? v : (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0);
  return `
  lis 9, 1
${words.map((v, i) => `  lis 11, 0x${(swap(v) >>> 16).toString(16)}\n  ori 11, 11, 0x${(swap(v) & 0xffff).toString(16)}\n  stw 11, ${4 * i}(9)`).join('\n')}
  li 3, 0
  ori 3, 3, 0xf000
  mr 4, 9
  sc 1`;
};

describe('the pseries-lite machine', () => {
  it('boots big-endian firmware, which enters the little-endian kernel with r3 = the device tree', async () => {
    const firmware = buildElf(`
  .globl _start
_start:${putChars('fw BE\n').replace(/\n/g, '\n')}
  mfmsr 6
  ori 6, 6, 1
  mtsrr1 6
  mtsrr0 31
  mr 3, 30
  rfid`.replace('_start:', '_start:\n  mr 31, 4\n  mr 30, 3'), 0x1000000, true);
    const kernel = buildElf(`
  .globl _start
_start:
  mr 30, 3
  lwz 20, 0(30)           # the FDT magic, read little-endian: 0xedfe0dd0
  ${putChars('kernel LE\n')}
  lis 6, 0xedfe
  ori 6, 6, 0x0dd0
  cmpw 20, 6
  bne fail
  ${rtas(RTAS_TOKENS['power-off'], [0], 1)}
fail:
  ${rtas(RTAS_TOKENS['power-off'], [9], 1)}`, 0x100000);
    const { status, out } = await boot({ firmware, kernel });
    expect(out).toBe('fw BE\nkernel LE\n');
    expect(status).toBe(0);
  });

  it('RTAS: start-cpu runs a secondary at the given address with r3; query-cpu-stopped-state; stop-self', async () => {
    const image = buildElf(`
  .globl _start
_start:
  cmpdi 3, 0x77           # a secondary starts with r3 = 0x77
  beq secondary
  li 3, 0x31c             # H_SET_MODE(LE): secondaries then start little-endian
  li 4, 1
  li 5, 4
  li 6, 0
  li 7, 0
  sc 1
  ${rtas(RTAS_TOKENS['start-cpu'], [1, 0x100000 + 0x400, 0x77], 1)}
  lis 12, 2
1: lwz 5, 0(12)           # wait for the secondary's flag
  cmpwi 5, 1
  bne 1b
  ${rtas(RTAS_TOKENS['query-cpu-stopped-state'], [1], 2)}
  lis 9, 1
  lwz 6, 16(9)            # state of CPU 1 (big-endian word)
  ${rtas(RTAS_TOKENS['power-off'], [0x42], 1)}
  .org 0x400
secondary:
  lis 12, 2
  li 5, 1
  stw 5, 0(12)
  ${putChars('cpu1\n')}
  ${rtas(RTAS_TOKENS['stop-self'], [], 1).replace('lis 9, 1', 'lis 9, 3')}
  b .`, 0x100000);
    const { status, out } = await boot({ image, smp: 2 });
    expect(out).toBe('cpu1\n');
    expect(status).toBe(0x42);
  });

  it('the console echoes input through H_GET_TERM_CHAR', async () => {
    const image = buildElf(`
  .globl _start
_start:
  li 3, 0x54
  li 4, 0
  sc 1
  mr 14, 4                # count
  mr 6, 5                 # the chars, big-endian in r5
  li 3, 0x58
  li 4, 0
  mr 5, 14
  li 7, 0
  sc 1
  ${rtas(RTAS_TOKENS['power-off'], [0], 1)}`, 0x100000);
    const console = new BufferConsole([...new TextEncoder().encode('abc')]);
    const { status, out } = await boot({ image }, console);
    expect(out).toBe('abc');
    expect(status).toBe(0);
  });

  it('contains a runaway guest (timeout) and a wild access (machine check reported)', async () => {
    const loop = buildElf(`
  .globl _start
_start:
  b _start`, 0x100000);
    const t = await boot({ image: loop, timeoutMs: 200 });
    expect(t.status).toBe(EXIT_TIMEOUT);
    expect(t.lines.join('\n')).toMatch(/did not power off/);
    const wild = buildElf(`
  .globl _start
_start:
  lis 9, 0x7000
  ld 5, 0(9)
  b .`, 0x100000);
    const w = await boot({ image: wild, timeoutMs: 3000 });
    expect(w.lines.join('\n')).toMatch(/outside RAM: machine check injected/);
  });

  it('rejects bad images with one clear error', () => {
    const notElf = join(mkdtempSync(join(tmpdir(), 'hvstep-bad-')), 'x.elf');
    writeFileSync(notElf, 'not an elf');
    expect(() => new Machine({ smp: 1, memoryBytes: 64 << 20, accel: 'hv', console: new BufferConsole(), image: notElf })).toThrow(ImageError);
    const tooHigh = buildElf(`
  .globl _start
_start: b .`, 0x8000000);
    expect(() => new Machine({ smp: 1, memoryBytes: 64 << 20, accel: 'hv', console: new BufferConsole(), image: tooHigh })).toThrow(/outside guest RAM/);
    rmSync(notElf, { force: true });
  });
});
