import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LPCR_LD } from '@hvstep/emulator-core';
import { Machine, type MachineOptions } from './machine.js';
import { ImageError } from './loader.js';
import { RTAS_BLOB_WORDS } from './papr/rtas-blob.js';
import { RTAS_TOKENS } from './papr/rtas-tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'hvstep-linux-boot-'));

/** A little-endian "kernel" linked at physical 0, as a ppc64 vmlinux is. */
function buildKernel(source: string): string {
  writeFileSync(join(dir, 'k.S'), `  .abiversion 2\n${source}\n`);
  execFileSync('powerpc64le-linux-gnu-as', ['-mlittle', '-mpower9', '-o', join(dir, 'k.o'), join(dir, 'k.S')]);
  execFileSync('powerpc64le-linux-gnu-ld', ['-EL', '-Ttext=0', '-o', join(dir, 'k.elf'), join(dir, 'k.o')]);
  return join(dir, 'k.elf');
}

const swap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
/** Stores big-endian rtas_args words at r9 from little-endian code. */
const rtasArgs = (words: number[]): string => words.map((v, i) => `
  lis 11, 0x${(swap32(v) >>> 16).toString(16)}
  ori 11, 11, 0x${(swap32(v) & 0xffff).toString(16)}
  stw 11, ${4 * i}(9)`).join('');

const MEMORY = 64 << 20;
const RTAS = MEMORY - 0x1000;

/**
 * The kernel records its entry registers at 0x1000, then powers off through the RTAS
 * blob the way Linux's enter_rtas calls it: rfid to linux,rtas-entry with MSR = ME
 * (big-endian, 32-bit, real mode), r3 = the rtas_args, LR = a big-endian return stub.
 */
const KERNEL = `
  .globl _start
_start:
  li 9, 0x1000
  std 3, 0(9)
  std 4, 8(9)
  std 5, 16(9)
  mfmsr 6
  std 6, 24(9)
  lis 9, 3${rtasArgs([RTAS_TOKENS['power-off'], 2, 1, 0xffffffff, 0xffffffff])}
  lis 3, 3
  lis 5, 0x${(RTAS >>> 16).toString(16)}
  ori 5, 5, 0x${(RTAS & 0xffff).toString(16)}
  mtsrr0 5
  li 6, 0x1000
  mtsrr1 6
  bl 1f
1:mflr 7
  addi 7, 7, back - 1b
  mtlr 7
  rfid
back:
  .long 0x00000048        # "b ." as a big-endian word: RTAS returns here in big-endian mode
`;

let machine: Machine | undefined;
afterEach(async () => { await machine?.destroy(); machine = undefined; });

function linuxMachine(options: Partial<MachineOptions>): Machine {
  machine = new Machine({
    smp: 1, accel: 'hv', memoryBytes: MEMORY, inProcess: false, timeoutMs: 20_000,
    console: { write: () => undefined, read: () => new Uint8Array(0) }, ...options,
  });
  return machine;
}

describe('the direct Linux boot (--kernel without --firmware)', () => {
  it('enters the kernel at physical 0 in real mode with r3 = the tree, r4 = its base, r5 = 0; RTAS through the blob', async () => {
    const initrd = join(dir, 'initrd.cpio');
    writeFileSync(initrd, Buffer.from('070701 an initramfs image'));
    const m = linuxMachine({ kernel: buildKernel(KERNEL), initrd, bootargs: 'console=hvc0' });
    expect(await m.run()).toBe(0); // power-off(-1, -1): Linux's "no power-on time"
    const mem = m.vm.memory;
    const at = (a: number): bigint => mem.view.getBigUint64(a, true);
    expect(at(0x1000)).toBe(BigInt(m.fdtAddress));
    expect(at(0x1008)).toBe(0n);
    expect(at(0x1010)).toBe(0n);
    expect(at(0x1018)).toBe(0x8000000000001001n); // SF | ME | LE: real mode, HV = 0, EE = 0
    // the tree just below the RTAS page, the blob in it, the initrd after the kernel (64 KiB aligned)
    expect(mem.read32(m.fdtAddress, false) >>> 0).toBe(0xd00dfeed);
    expect(m.fdtAddress).toBeLessThan(RTAS);
    expect(RTAS_BLOB_WORDS.map((_, i) => mem.read32(RTAS + 4 * i, false) >>> 0)).toEqual([...RTAS_BLOB_WORDS]);
    expect(new TextDecoder().decode(mem.u8.subarray(0x10000, 0x10000 + 25))).toBe('070701 an initramfs image');
    // the large decrementer the tree announces (ibm,dec-bits = 56)
    expect(m.vm.partition.lpcrLo & LPCR_LD).toBe(LPCR_LD);
  });

  it('the blob is QEMU\'s: mr r4,r3; lis r3,0; ori r3,r3,0xf000; sc 1; blr, big-endian', () => {
    writeFileSync(join(dir, 'blob.S'), 'mr 4,3\nlis 3,0\nori 3,3,0xf000\nsc 1\nblr\n');
    execFileSync('powerpc64le-linux-gnu-as', ['-mbig', '-o', join(dir, 'blob.o'), join(dir, 'blob.S')]);
    execFileSync('powerpc64le-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'blob.o'), join(dir, 'blob.bin')]);
    const bytes = readFileSync(join(dir, 'blob.bin'));
    expect(RTAS_BLOB_WORDS.map((_, i) => bytes.readUInt32BE(4 * i))).toEqual([...RTAS_BLOB_WORDS]);
  });

  it('rejects bad input with one clear error: not a ppc64 ELF, an initrd that does not fit, an --append too long', () => {
    const notElf = join(dir, 'vmlinux.txt');
    writeFileSync(notElf, 'not an elf');
    expect(() => linuxMachine({ kernel: notElf })).toThrow(ImageError);
    const kernel = buildKernel('  .globl _start\n_start: b .');
    const big = join(dir, 'big.cpio');
    writeFileSync(big, Buffer.alloc(MEMORY));
    expect(() => linuxMachine({ kernel, initrd: big })).toThrow(/big\.cpio: does not fit in guest RAM/);
    expect(() => linuxMachine({ kernel, bootargs: 'x'.repeat(2048) })).toThrow(/--append: the kernel command line is longer than the 2047 bytes/);
    expect(() => linuxMachine({ kernel, bootargs: 'x'.repeat(2047) })).not.toThrow();
  });
});
