import type { Cpu } from '../cpu/cpu.js';

/*
 * The shape of an entry of the SPR table (isa/spr-table.ts): who may read and write the
 * number, where its value lives, and the hooks of the registers that are more than a
 * slot. mfspr/mtspr (isa/spr.ts) apply it.
 */

/** Output of SprRule.readValue (no allocation). */
export const sprValue = { hi: 0, lo: 0 };

/** Who may access an SPR: problem state and up, guest supervisor state, or nobody in a guest. */
export const Access = { User: 0, Privileged: 1, Hypervisor: 2 } as const;

/** What SprRule.check answers besides the Flow of an interrupt it delivered. */
export const ACCESS_OK = -1;
/** The access does nothing at all (QEMU's spr_noaccess callbacks of qemu-user). */
export const ACCESS_IGNORE = -2;

export interface SprRule {
  read: number;
  write: number;
  /** SPR slot the value lives in, when several numbers name one register. */
  storage?: number;
  /** A 32-bit register: the high word reads as zero. */
  width32?: boolean;
  /** Not in the Linux-user runner: QEMU registers it for system emulation only (under !CONFIG_USER_ONLY). */
  systemOnly?: boolean;
  /** ISA 2.07's no-op numbers (808-811): mfspr leaves RT alone, mtspr does nothing. */
  nop?: boolean;
  /**
   * Runs before an allowed access (`w` the mfspr/mtspr word): facility enables (FSCR,
   * MSR[TM]), the PMU's PMCC. Answers ACCESS_OK, ACCESS_IGNORE or the Flow of the
   * interrupt (or exit) it raised.
   */
  check?: (c: Cpu, write: boolean, w: number) => number;
  /** Computes the value into `sprValue` instead of reading the slot. */
  readValue?: (c: Cpu) => void;
  /** Replaces the plain store of a write (a masked or redirected write); returns the handler's Flow. */
  writeValue?: (c: Cpu, hi: number, lo: number) => number;
  /** Side effect after the slot was written; returns the handler's Flow. */
  afterWrite?: (c: Cpu, hi: number, lo: number) => number;
}

export const rw = (read: number, write: number, extra: Partial<SprRule> = {}): SprRule => ({ read, write, ...extra });
