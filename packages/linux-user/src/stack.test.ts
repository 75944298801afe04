import { describe, it, expect } from '@jest/globals';
import { AT } from './stack.js';
import { HWCAP_PROBES, missingInstructions, type ProbeSet } from './hwcap.js';
import { makeProcess, TEXT } from './testing/process.js';
import type { LinuxProcess } from './process.js';

function u64(p: LinuxProcess, at: number): bigint {
  return p.memory.view.getBigUint64(at, p.elf.littleEndian);
}
function cstr(p: LinuxProcess, at: bigint): string {
  const a = Number(at);
  const end = p.memory.u8.indexOf(0, a);
  return new TextDecoder().decode(p.memory.u8.subarray(a, end));
}

function readStack(p: LinuxProcess) {
  const sp = p.stack.sp;
  const argc = Number(u64(p, sp));
  let at = sp + 8;
  const argv: string[] = [];
  for (let i = 0; i < argc; i++, at += 8) argv.push(cstr(p, u64(p, at)));
  const argvEnd = u64(p, at);
  at += 8;
  const envp: string[] = [];
  for (; u64(p, at) !== 0n; at += 8) envp.push(cstr(p, u64(p, at)));
  at += 8;
  const auxv = new Map<number, bigint>();
  const order: number[] = [];
  for (;; at += 16) {
    const k = Number(u64(p, at));
    order.push(k);
    if (k === AT.NULL) break;
    auxv.set(k, u64(p, at + 8));
  }
  return { sp, argc, argv, argvEnd, envp, auxv, order };
}

describe('initial stack', () => {
  for (const littleEndian of [true, false]) {
    it(`lays out argc, argv, envp and auxv (${littleEndian ? 'LE' : 'BE'})`, () => {
      const p = makeProcess({
        argv: ['/bin/prog', 'one', 'two words', ''],
        env: ['HOME=/home/x', 'EMPTY=', 'UNICODE=é'],
        ...(littleEndian ? {} : { elf: { littleEndian: false, abi: 2 } }),
      });
      const s = readStack(p);
      expect(s.sp % 16).toBe(0);
      expect(s.argc).toBe(4);
      expect(s.argv).toEqual(['/bin/prog', 'one', 'two words', '']);
      expect(s.argvEnd).toBe(0n);
      expect(s.envp).toEqual(['HOME=/home/x', 'EMPTY=', 'UNICODE=é']);
      expect(s.auxv.get(AT.PAGESZ)).toBe(4096n);
      expect(s.auxv.get(AT.ENTRY)).toBe(BigInt(TEXT));
      expect(s.auxv.get(AT.PHENT)).toBe(56n);
      expect(s.auxv.get(AT.PHNUM)).toBe(2n);
      expect(s.auxv.get(AT.BASE)).toBe(0n);
      expect(s.auxv.get(AT.FLAGS)).toBe(0n);
      expect(s.auxv.get(AT.SECURE)).toBe(0n);
      expect(s.auxv.get(AT.CLKTCK)).toBe(100n);
      expect(s.auxv.get(AT.UID)).toBe(BigInt(process.getuid?.() ?? 0));
      expect(s.auxv.get(AT.EGID)).toBe(BigInt(process.getegid?.() ?? 0));
      expect(s.auxv.get(AT.HWCAP)).toBe(BigInt(p.hwcaps.hwcap));
      expect(s.auxv.get(AT.HWCAP2)).toBe(BigInt(p.hwcaps.hwcap2));
      expect(cstr(p, s.auxv.get(AT.EXECFN)!)).toBe('/bin/prog');
      expect(cstr(p, s.auxv.get(AT.PLATFORM)!)).toBe('power9');
      const rnd = Number(s.auxv.get(AT.RANDOM)!);
      expect([...p.memory.u8.subarray(rnd, rnd + 16)]).toEqual(new Array(16).fill(7));
      // Linux order: ARCH_DLINFO (AT_IGNOREPPC x2, cache sizes) first, AT_NULL last
      expect(s.order.slice(0, 5)).toEqual([AT.IGNOREPPC, AT.IGNOREPPC, AT.DCACHEBSIZE, AT.ICACHEBSIZE, AT.UCACHEBSIZE]);
      expect(s.order.at(-1)).toBe(AT.NULL);
      // strings sit above the tables, below the top of the stack; the top doubleword is zero
      const top = p.space.layout.stackTop;
      expect(Number(s.auxv.get(AT.EXECFN)!)).toBeGreaterThan(p.stack.auxv);
      expect(u64(p, top - 8)).toBe(0n);
      expect(p.stack.argv).toBe(s.sp + 8);
    });
  }

  it('honest AT_HWCAP: every probe set decodes, so the vector facility is claimed; never DFP', () => {
    for (const set of Object.keys(HWCAP_PROBES) as ProbeSet[]) expect({ set, missing: missingInstructions(set) }).toEqual({ set, missing: [] });
    const p = makeProcess();
    const hw = p.hwcaps.hwcap;
    expect(hw & 0x40000000).toBe(0x40000000); // PPC_FEATURE_64
    expect(hw & 0x04000000).toBe(0x04000000); // HAS_MMU
    expect(hw & 0x10000000).toBe(0x10000000); // ALTIVEC
    expect(hw & 0x00000080).toBe(0x00000080); // VSX
    expect(hw & 0x00000400).toBe(0); // no DFP: decimal floating point is not implemented
    // qemu-ppc64le 7.2's hwcap2 (0x8ee00000: ARCH_2_07, ISEL, TAR, VEC_CRYPTO, ARCH_3_00,
    // IEEE128, DARN) plus SCV, which Linux claims on POWER9 and QEMU 7.2 does not
    expect(p.hwcaps.hwcap2 >>> 0).toBe(0x8ef00000);
  });

  it('refuses arguments that do not fit in the stack', () => {
    const huge = 'x'.repeat(1 << 20);
    expect(() => makeProcess({ argv: new Array(9).fill(huge) })).toThrow(/argument list too long/);
  });
});
