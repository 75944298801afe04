/**
 * The PPC64 register map the stub exposes. Numbers 0-70 are QEMU's ppc64 gdbstub
 * numbering (target/ppc/gdbstub.c) and GDB's rs6000 features (power64-core.xml,
 * power-fpu.xml); the vector features follow in the order of GDB's power-altivec.xml
 * and power-vsx.xml; hvstep's SPR feature (spr-registers.ts) comes last:
 *
 *   0-31    r0-r31    8 bytes   org.gnu.gdb.power.core
 *   32-63   f0-f31    8         org.gnu.gdb.power.fpu
 *   64 pc 8, 65 msr 8, 66 cr 4, 67 lr 8, 68 ctr 8, 69 xer 4   (core)
 *   70      fpscr     4         (fpu)
 *   71-102  vr0-vr31  16        org.gnu.gdb.power.altivec
 *   103     vscr 4, 104 vrsave 4
 *   105-136 vs0h-vs31h 8        org.gnu.gdb.power.vsx (doubleword 1 of VSR 0-31;
 *                               GDB builds $vs0-$vs63 from f, vsNh and vr)
 *   137-    the SPRs            org.hvstep.power.spr
 *
 * The `g` packet carries registers 0..70 in number order, packed (556 bytes), as QEMU's
 * does; GDB reads and writes the others with `p`/`P` (a `g` reply shorter than the
 * description is legal: GDB marks the registers past its end as not in `g`). Values
 * are in the guest's current byte order; the Target provides them already ordered.
 */
import { SPR_REGISTERS } from './spr-registers.js';

export type RegisterFeature = 'core' | 'fpu' | 'altivec' | 'vsx' | 'spr';

export interface RegisterInfo {
  readonly name: string;
  /** GDB remote register number (used by p/P, expedited registers, target.xml regnum). */
  readonly regnum: number;
  /** Size in bytes. */
  readonly size: number;
  /** Byte offset in the `g` packet; -1 for a register outside it (p/P only). */
  readonly offset: number;
  readonly feature: RegisterFeature;
  /** GDB type for target.xml. */
  readonly type: string;
  /** target.xml group (`float`, `vector`, `general`), when not GDB's default. */
  readonly group?: string;
  /** False for registers the target cannot change (hvstep's read-only SPRs). */
  readonly writable: boolean;
}

export const REG_PC = 64;
export const REG_MSR = 65;
export const REG_CR = 66;
export const REG_LR = 67;
export const REG_CTR = 68;
export const REG_XER = 69;
export const REG_FPSCR = 70;
export const REG_SP = 1;
/** vr0; vrN is REG_VR0 + N. */
export const REG_VR0 = 71;
export const REG_VSCR = 103;
export const REG_VRSAVE = 104;
/** vs0h; vsNh is REG_VS0H + N. */
export const REG_VS0H = 105;
/** The first of hvstep's SPRs (spr-registers.ts order). */
export const REG_SPR0 = 137;

/** The last register carried by `g`. */
const LAST_IN_G = REG_FPSCR;

interface Spec {
  name: string; size: number; feature: RegisterFeature; type: string; group?: string; writable?: boolean;
}

function specs(): Spec[] {
  const s: Spec[] = [];
  for (let i = 0; i < 32; i++) s.push({ name: `r${i}`, size: 8, feature: 'core', type: i === 1 ? 'data_ptr' : 'uint64' });
  for (let i = 0; i < 32; i++) s.push({ name: `f${i}`, size: 8, feature: 'fpu', type: 'ieee_double', group: 'float' });
  s.push(
    { name: 'pc', size: 8, feature: 'core', type: 'code_ptr' },
    { name: 'msr', size: 8, feature: 'core', type: 'uint64' },
    { name: 'cr', size: 4, feature: 'core', type: 'uint32' },
    { name: 'lr', size: 8, feature: 'core', type: 'code_ptr' },
    { name: 'ctr', size: 8, feature: 'core', type: 'uint64' },
    { name: 'xer', size: 4, feature: 'core', type: 'uint32' },
    { name: 'fpscr', size: 4, feature: 'fpu', type: 'uint32', group: 'float' },
  );
  for (let i = 0; i < 32; i++) s.push({ name: `vr${i}`, size: 16, feature: 'altivec', type: 'vec128' });
  s.push(
    { name: 'vscr', size: 4, feature: 'altivec', type: 'int', group: 'vector' },
    { name: 'vrsave', size: 4, feature: 'altivec', type: 'int', group: 'vector' },
  );
  for (let i = 0; i < 32; i++) s.push({ name: `vs${i}h`, size: 8, feature: 'vsx', type: 'uint64' });
  for (const r of SPR_REGISTERS) {
    s.push({ name: r.name, size: r.bits / 8, feature: 'spr', type: r.bits === 32 ? 'uint32' : 'uint64', group: 'general', writable: r.writable });
  }
  return s;
}

function build(): RegisterInfo[] {
  let offset = 0;
  return specs().map((spec, regnum) => {
    const inG = regnum <= LAST_IN_G;
    const info: RegisterInfo = {
      name: spec.name, regnum, size: spec.size, offset: inG ? offset : -1, feature: spec.feature, type: spec.type,
      ...(spec.group ? { group: spec.group } : {}), writable: spec.writable ?? true,
    };
    if (inG) offset += spec.size;
    return info;
  });
}

/** All registers in regnum order. */
export const REGISTERS: readonly RegisterInfo[] = build();

/** The registers of the `g` packet (0..70), in packet order. */
export const G_REGISTERS: readonly RegisterInfo[] = REGISTERS.filter((r) => r.offset >= 0);

/** Size of the `g` packet in bytes (556). */
export const G_PACKET_SIZE = G_REGISTERS.reduce((n, r) => n + r.size, 0);

const BY_NUMBER = new Map(REGISTERS.map((r) => [r.regnum, r]));
const BY_NAME = new Map(REGISTERS.map((r) => [r.name, r]));

/** Register by GDB number, or undefined. */
export function registerInfo(regnum: number): RegisterInfo | undefined {
  return BY_NUMBER.get(regnum);
}

/** Register by GDB name (`vr2`, `dar`), or undefined. */
export function registerByName(name: string): RegisterInfo | undefined {
  return BY_NAME.get(name);
}

/** Registers sent in every stop reply so GDB needs no `g` after a step: pc, r1, lr, msr. */
export const EXPEDITED_REGISTERS: readonly number[] = [REG_PC, REG_SP, REG_LR, REG_MSR];
