import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine } from '../machine.js';
import { RTAS_TOKENS } from './rtas-tokens.js';

/**
 * An IPI from one vCPU thread reaches another: vCPU 1 opens its CPPR and cedes;
 * vCPU 0 sends H_IPI; vCPU 1's worker wakes from H_CEDE, takes the External
 * interrupt at 0x500, accepts it with H_XIRR (XISR 2 = IPI), clears the MFRR and
 * EOIs. The whole path: hcall exit -> XICS -> the vCPU's interrupt line -> the core.
 */
function buildImage(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-xics-'));
  writeFileSync(join(dir, 'a.S'), `  .abiversion 2\n${source}\n`);
  execFileSync('powerpc64le-linux-gnu-as', ['-mlittle', '-mpower9', '-o', join(dir, 'a.o'), join(dir, 'a.S')]);
  execFileSync('powerpc64le-linux-gnu-ld', ['-EL', '-Ttext=0', '-o', join(dir, 'a.elf'), join(dir, 'a.o')]);
  return join(dir, 'a.elf');
}

const swap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
/** An RTAS call through a big-endian rtas_args at 0x10000 (written from little-endian code). */
const rtas = (token: number, args: number[], nret: number): string => `
  lis 9, 1${[token, args.length, nret, ...args].map((v, i) => `
  lis 11, 0x${(swap32(v) >>> 16).toString(16)}
  ori 11, 11, 0x${(swap32(v) & 0xffff).toString(16)}
  stw 11, ${4 * i}(9)`).join('')}
  li 3, 0
  ori 3, 3, 0xf000
  mr 4, 9
  sc 1`;
const hcall = (nr: number, ...args: number[]): string => `
  li 3, 0x${nr.toString(16)}${args.map((a, i) => `\n  li ${4 + i}, ${a}`).join('')}
  sc 1`;

const SECONDARY = 0x2000;
const IMAGE = `
  .globl _start
_start:
  b main
  .org 0x500               # External: accept, withdraw the IPI, EOI, report
  ${hcall(0x74)}
  mr 20, 4
  lis 12, 2
  std 20, 8(12)            # the XIRR H_XIRR returned
  ${hcall(0x6c, 1, 0xff)}
  li 3, 0x64
  mr 4, 20
  sc 1
  li 3, 0x70               # H_IPOLL after the EOI
  sc 1
  lis 12, 2
  std 4, 24(12)
  li 5, 1
  stw 5, 16(12)            # done
  b .
  .org 0x1000
main:
  ${hcall(0x31c, 1, 4, 0, 0)}  # H_SET_MODE(LE): interrupts little-endian
  ${rtas(RTAS_TOKENS['start-cpu'], [1, SECONDARY, 0], 1)}
  lis 12, 2
1:lwz 5, 0(12)             # vCPU 1 is about to cede
  cmpwi 5, 1
  bne 1b
  ${hcall(0x6c, 1, 5)}     # H_IPI(1, priority 5)
  lis 12, 2
2:lwz 5, 16(12)
  cmpwi 5, 1
  bne 2b
  ${rtas(RTAS_TOKENS['power-off'], [0, 0], 1)}
  .org ${SECONDARY}
secondary:
  ${hcall(0x68, 0xff)}     # H_CPPR(0xff): take anything
  lis 12, 2
  li 5, 1
  stw 5, 0(12)
  ${hcall(0xe0)}           # H_CEDE: EE on, idle until the IPI
  b .
`;

describe('XICS delivery to the vCPU threads', () => {
  it('an H_IPI wakes the ceded target, which takes the External interrupt and handles it', async () => {
    const m = new Machine({
      smp: 2, accel: 'hv', memoryBytes: 64 << 20, image: buildImage(IMAGE), timeoutMs: 20_000,
      console: { write: () => undefined, read: () => new Uint8Array(0) },
    });
    try {
      expect(await m.run()).toBe(0);
      const at = (a: number): bigint => m.vm.memory.view.getBigUint64(a, true);
      expect(at(0x20008)).toBe(0xff000002n); // CPPR 0xff, XISR 2: the IPI
      expect(at(0x20018)).toBe(0xff000000n); // after the EOI: nothing pending
      expect(m.xics.icps[1]).toEqual({ xirr: 0xff000000, pendingPriority: 0xff, mfrr: 0xff });
      expect(m.vm.vcpus[1]!.interruptLine).toBe(false);
      expect(m.vm.vcpus[1]!.getSpr(26)).toBe(BigInt(SECONDARY + 0x20)); // SRR0: the `b .` after H_CEDE's sc
    } finally {
      await m.destroy();
    }
  });
});
