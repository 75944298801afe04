import { describe, it, expect } from '@jest/globals';
import {
  KVM_REG_PPC, KVM_REG_SIZE_SHIFT, KVM_REG_SIZE_U32, KVM_REG_SIZE_U64, KVM_REG_SIZE_U128,
  KVM_REG_PPC_DEBUG_INST, KVM_REG_PPC_DAR, KVM_REG_PPC_DSISR, KVM_REG_PPC_DAWR, KVM_REG_PPC_LPCR, KVM_REG_PPC_LPCR_64,
  KVM_REG_PPC_PTCR, KVM_REG_PPC_ARCH_COMPAT, KVM_REG_PPC_PSSCR,
  ONE_REG_SPRS, oneRegInfo, oneRegKey, oneRegSize, ppcReg, isPpcReg,
} from './one-reg.js';

describe('one-reg id encoding (include/uapi/linux/kvm.h)', () => {
  it('has the header values', () => {
    // #define KVM_REG_PPC 0x1000000000000000ULL, KVM_REG_SIZE_SHIFT 52,
    // KVM_REG_SIZE_U32 0x0020000000000000ULL, _U64 0x0030000000000000ULL, _U128 0x0040000000000000ULL
    expect(KVM_REG_PPC).toBe(0x1000000000000000n);
    expect(KVM_REG_SIZE_SHIFT).toBe(52n);
    expect(KVM_REG_SIZE_U32).toBe(2n << 52n);
    expect(KVM_REG_SIZE_U64).toBe(0x0030000000000000n);
    expect(KVM_REG_SIZE_U128).toBe(0x0040000000000000n);
  });

  it('computes ids as Linux does: KVM_REG_PPC | KVM_REG_SIZE_Uxx | index', () => {
    // arch/powerpc/include/uapi/asm/kvm.h:
    //   #define KVM_REG_PPC_DEBUG_INST (KVM_REG_PPC | KVM_REG_SIZE_U32 | 0x8b)
    expect(KVM_REG_PPC_DEBUG_INST).toBe(0x102000000000008bn);
    //   #define KVM_REG_PPC_DAR        (KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xc)
    expect(KVM_REG_PPC_DAR).toBe(0x103000000000000cn);
    //   #define KVM_REG_PPC_DSISR      (KVM_REG_PPC | KVM_REG_SIZE_U32 | 0xd)
    expect(KVM_REG_PPC_DSISR).toBe(0x102000000000000dn);
    //   #define KVM_REG_PPC_DAWR       (KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xaa)
    expect(KVM_REG_PPC_DAWR).toBe(0x10300000000000aan);
    //   #define KVM_REG_PPC_LPCR       (KVM_REG_PPC | KVM_REG_SIZE_U32 | 0xb5)
    //   #define KVM_REG_PPC_LPCR_64    (KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xb5)
    expect(KVM_REG_PPC_LPCR).toBe(0x10200000000000b5n);
    expect(KVM_REG_PPC_LPCR_64).toBe(0x10300000000000b5n);
    //   #define KVM_REG_PPC_ARCH_COMPAT (KVM_REG_PPC | KVM_REG_SIZE_U32 | 0xb7)
    expect(KVM_REG_PPC_ARCH_COMPAT).toBe(0x10200000000000b7n);
    //   #define KVM_REG_PPC_PSSCR      (KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xbd)
    expect(KVM_REG_PPC_PSSCR).toBe(0x10300000000000bdn);
    //   #define KVM_REG_PPC_PTCR       (KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xc0)
    expect(KVM_REG_PPC_PTCR).toBe(0x10300000000000c0n);
  });

  it('reads the size back out of an id', () => {
    expect(oneRegSize(KVM_REG_PPC_DEBUG_INST)).toBe(4);
    expect(oneRegSize(KVM_REG_PPC_DAR)).toBe(8);
    // KVM_REG_PPC_VSR0 = (KVM_REG_PPC | KVM_REG_SIZE_U128 | 0x60)
    expect(oneRegSize(0x1040000000000060n)).toBe(16);
    expect(oneRegSize(0x1000000000000000n)).toBe(1);
    expect(() => oneRegSize(-1n)).toThrow(RangeError);
    expect(() => oneRegSize(1n << 64n)).toThrow(RangeError);
  });

  it('validates ppcReg arguments and recognises PPC ids', () => {
    expect(ppcReg(KVM_REG_SIZE_U64, 0xc)).toBe(KVM_REG_PPC_DAR);
    expect(() => ppcReg(KVM_REG_SIZE_U64, 2 ** 52)).toThrow(RangeError);
    expect(() => ppcReg(KVM_REG_SIZE_U64, -1)).toThrow(RangeError);
    expect(() => ppcReg(1n, 0)).toThrow(RangeError);
    expect(isPpcReg(KVM_REG_PPC_DAR)).toBe(true);
    expect(isPpcReg(0x2030000000000000n)).toBe(false); // KVM_REG_X86
  });
});

describe('ONE_REG_SPRS', () => {
  it('maps ids to the SPR they read', () => {
    expect(oneRegInfo(KVM_REG_PPC_DAR)).toMatchObject({ name: 'DAR', spr: 19, size: 8 });
    expect(oneRegInfo(KVM_REG_PPC_DSISR)).toMatchObject({ name: 'DSISR', spr: 18, size: 4 });
    expect(oneRegInfo(KVM_REG_PPC_DAWR)).toMatchObject({ name: 'DAWR', spr: 180 });
    expect(oneRegInfo(KVM_REG_PPC_LPCR)).toMatchObject({ spr: 318, size: 4 });
    expect(oneRegInfo(KVM_REG_PPC_LPCR_64)).toMatchObject({ spr: 318, size: 8 });
    expect(oneRegInfo(KVM_REG_PPC_PTCR)).toMatchObject({ spr: 464 });
  });

  it('maps the debug instruction to a special, not an SPR', () => {
    const info = oneRegInfo(KVM_REG_PPC_DEBUG_INST);
    expect(info).toMatchObject({ name: 'DEBUG_INST', special: 'DEBUG_INST', size: 4 });
    expect(info?.spr).toBeUndefined();
  });

  it('leaves out ids hvstep does not support', () => {
    expect(oneRegInfo(0x1030000000000001n)).toBeUndefined(); // KVM_REG_PPC_HIOR (PPC970)
    expect(oneRegInfo(0x1030000000000008n)).toBeUndefined(); // KVM_REG_PPC_DABR (gone since POWER8)
    expect(oneRegInfo(0x10300000000000c4n)).toBeUndefined(); // KVM_REG_PPC_DAWR1 (POWER10)
  });

  it('is consistent: keys, ids and sizes agree; every entry has exactly one target', () => {
    const entries = Object.entries(ONE_REG_SPRS);
    expect(entries.length).toBeGreaterThan(40);
    const names = new Set<string>();
    for (const [key, info] of entries) {
      expect(key).toBe(oneRegKey(info.id));
      expect(key).toMatch(/^0x[0-9a-f]{16}$/);
      expect(isPpcReg(info.id)).toBe(true);
      expect(info.size).toBe(oneRegSize(info.id));
      expect((info.spr === undefined) !== (info.special === undefined)).toBe(true);
      if (info.spr !== undefined) expect(info.spr >= 0 && info.spr < 1024).toBe(true);
      expect(names.has(info.name)).toBe(false);
      names.add(info.name);
    }
  });
});
