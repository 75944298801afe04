/**
 * The PPC64 register map the stub exposes, matching QEMU's ppc64 gdbstub numbering
 * (target/ppc/gdbstub.c) and GDB's rs6000 features (power64-core.xml, power-fpu.xml):
 *
 *   0-31  r0-r31   8 bytes     64 pc   8 bytes     67 lr    8 bytes
 *   32-63 f0-f31   8 bytes     65 msr  8 bytes     68 ctr   8 bytes
 *                              66 cr   4 bytes     69 xer   4 bytes
 *                                                  70 fpscr 4 bytes
 *
 * The `g` packet carries registers 0..70 in number order, packed (556 bytes). Values
 * are in the guest's current byte order; the Target provides them already ordered.
 * This is the only PowerPC knowledge in the stub besides target.xml.
 */

export type RegisterFeature = 'core' | 'fpu';

export interface RegisterInfo {
  readonly name: string;
  /** GDB remote register number (used by p/P, expedited registers, target.xml regnum). */
  readonly regnum: number;
  /** Size in bytes. */
  readonly size: number;
  /** Byte offset in the `g` packet. */
  readonly offset: number;
  readonly feature: RegisterFeature;
  /** GDB type for target.xml. */
  readonly type: string;
}

export const REG_PC = 64;
export const REG_MSR = 65;
export const REG_CR = 66;
export const REG_LR = 67;
export const REG_CTR = 68;
export const REG_XER = 69;
export const REG_FPSCR = 70;
export const REG_SP = 1;

function build(): RegisterInfo[] {
  const regs: RegisterInfo[] = [];
  let offset = 0;
  const add = (name: string, regnum: number, size: number, feature: RegisterFeature, type: string) => {
    regs.push({ name, regnum, size, offset, feature, type });
    offset += size;
  };
  for (let i = 0; i < 32; i++) add(`r${i}`, i, 8, 'core', i === 1 ? 'data_ptr' : 'uint64');
  for (let i = 0; i < 32; i++) add(`f${i}`, 32 + i, 8, 'fpu', 'ieee_double');
  add('pc', REG_PC, 8, 'core', 'code_ptr');
  add('msr', REG_MSR, 8, 'core', 'uint64');
  add('cr', REG_CR, 4, 'core', 'uint32');
  add('lr', REG_LR, 8, 'core', 'code_ptr');
  add('ctr', REG_CTR, 8, 'core', 'uint64');
  add('xer', REG_XER, 4, 'core', 'uint32');
  add('fpscr', REG_FPSCR, 4, 'fpu', 'uint32');
  return regs;
}

/** All registers in regnum order (which is also `g` packet order). */
export const REGISTERS: readonly RegisterInfo[] = build();

/** Size of the `g` packet in bytes (556). */
export const G_PACKET_SIZE = REGISTERS.reduce((n, r) => n + r.size, 0);

const BY_NUMBER = new Map(REGISTERS.map((r) => [r.regnum, r]));

/** Register by GDB number, or undefined. */
export function registerInfo(regnum: number): RegisterInfo | undefined {
  return BY_NUMBER.get(regnum);
}

/** Registers sent in every stop reply so GDB needs no `g` after a step: pc, r1, lr, msr. */
export const EXPEDITED_REGISTERS: readonly number[] = [REG_PC, REG_SP, REG_LR, REG_MSR];
