/**
 * hvstep's own target-description feature, `org.hvstep.power.spr`: the supervisor and
 * hypervisor SPRs a kernel debugger wants by name (`p $dar`, `set $srr0 = ...`). GDB
 * has no standard feature for them (its power-oea.xml is the 32-bit OEA set); GDB
 * keeps the registers of a feature it does not know and shows them by name
 * (gdbarch's tdesc_use_registers). They are in group `general`, so a plain
 * `info registers` lists them after the core registers.
 *
 * The widths are the architected ones (Power ISA 3.0B Book III): 32 for DSISR, HDSISR,
 * CTRL, PIDR, DAWRX0, PVR and DEC (without LPCR[LD]), 64 for the others. Registers
 * that are not the vCPU's to write (the partition-wide LPCR, the time base, the
 * processor version, the decrementer kept by the vCPU thread as an expiry time) are
 * read-only: `P` answers E01 and they are marked `save-restore="no"` so GDB does not
 * try to put them back after an inferior call.
 */

export interface SprRegister {
  /** GDB's name (lower case, ISA mnemonic). */
  readonly name: string;
  readonly bits: 32 | 64;
  readonly writable: boolean;
}

const rw = (name: string, bits: 32 | 64 = 64): SprRegister => ({ name, bits, writable: true });
const ro = (name: string, bits: 32 | 64 = 64): SprRegister => ({ name, bits, writable: false });

/** In `info registers` order: interrupt state, scratch, MMU, time, hypervisor, debug, user. */
export const SPR_REGISTERS: readonly SprRegister[] = [
  rw('srr0'), rw('srr1'), rw('dar'), rw('dsisr', 32),
  rw('sprg0'), rw('sprg1'), rw('sprg2'), rw('sprg3'),
  ro('lpcr'), rw('pidr', 32), ro('tb'), ro('dec', 32),
  rw('hsrr0'), rw('hsrr1'), rw('hsprg0'), rw('hsprg1'), rw('hdar'), rw('hdsisr', 32),
  rw('ctrl', 32), rw('cfar'), rw('amr'), rw('dscr'), rw('ppr'), rw('tar'), rw('fscr'),
  rw('ciabr'), rw('dawr0'), rw('dawrx0', 32), ro('pvr', 32),
];
