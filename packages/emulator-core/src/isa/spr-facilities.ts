import type { Cpu } from '../cpu/cpu.js';
import { Flow } from '../decode/instruction.js';
import { W_MSR, sprWord } from '../state/layout.js';
import * as S from '../cpu/spr-numbers.js';
import { FSCR_LG, fscrBit } from '../cpu/fscr.js';
import { facilityUnavailable } from '../cpu/interrupts.js';
import { illegal } from './system.js';
import { advanceNip } from '../cpu/nip.js';
import { MMCR0_PMCC0, MMCR0_PMCC1, MMCR0_UREG, MMCR2_UREG_HI, MMCR2_UREG_LO } from '../cpu/pmu.js';
import { Access, ACCESS_IGNORE, ACCESS_OK, rw, sprValue, type SprRule } from './spr-rule.js';

/*
 * The SPRs of POWER9 facilities beyond the basic register file, as QEMU 7.2 registers
 * them for its POWER9 model (target/ppc/cpu_init.c register_amr_sprs,
 * register_iamr_sprs, register_power8_tm_sprs, register_power8_pmu_{sup,user}_sprs,
 * register_power8_ebb_sprs, register_book3s_purr_sprs, register_vtb_sprs;
 * power8-pmu-regs.c.inc; translate.c's no-op numbers) and as qemu-ppc64le shows
 * them to a problem-state program (the probe in difftest/src/spr-probe.ts).
 */

const U = Access.User, P = Access.Privileged, H = Access.Hypervisor;

/** Facility Unavailable in problem state while FSCR bit `lg` is clear (QEMU gen_fscr_facility_check). */
function fscrCheck(lg: number): (c: Cpu) => number {
  return (c) => (c.systemMode && c.problemState && (c.r[sprWord(S.SPR_FSCR)]! & fscrBit(lg)) === 0
    ? facilityUnavailable(c, lg) : ACCESS_OK);
}

// ---- storage keys: AMR, IAMR, UAMOR (Book III 6.7.13 "Storage Protection") ---------

/**
 * AMOR, hypervisor-owned: all ones for a partition (QEMU's spapr_cpu_reset and KVM-HV
 * give the guest every key), so privileged writes of AMR, IAMR and UAMOR are not
 * masked and no AMOR slot is kept.
 */
const PARTITION_AMOR = -1;

/** `slot` = (slot & ~mask) | (value & mask), as QEMU's spr_write_amr/iamr/uamor. */
function maskedStore(c: Cpu, slot: number, maskHi: number, maskLo: number, hi: number, lo: number): void {
  const w = sprWord(slot);
  c.r[w] = (c.r[w]! & ~maskLo) | (lo & maskLo);
  c.r[w + 1] = (c.r[w + 1]! & ~maskHi) | (hi & maskHi);
}

/**
 * After an AMR/IAMR write: key 0 goes to the MMU; when that changed what privileged
 * code may do, the run loop must translate its fetch page again (the write is
 * context-synchronising for the instruction stream here, where the ISA asks for an
 * isync: earlier is allowed).
 */
function keysWritten(c: Cpu): number {
  const before = c.privilegedDeny;
  c.syncKeys();
  if (c.privilegedDeny === before) return Flow.Next;
  advanceNip(c);
  return Flow.Jump;
}

/** AMR: in problem state only the bits UAMOR grants. */
function writeAmr(c: Cpu, hi: number, lo: number): number {
  if (c.problemState) {
    const u = sprWord(S.SPR_UAMOR);
    maskedStore(c, S.SPR_AMR, c.r[u + 1]!, c.r[u]!, hi, lo);
  } else {
    maskedStore(c, S.SPR_AMR, PARTITION_AMOR, PARTITION_AMOR, hi, lo);
  }
  return keysWritten(c);
}
function writeIamr(c: Cpu, hi: number, lo: number): number {
  maskedStore(c, S.SPR_IAMR, PARTITION_AMOR, PARTITION_AMOR, hi, lo);
  return keysWritten(c);
}

// ---- transactional memory: the registers (Book II 5) --------------------------------

/** MSR[TM] (bit 31, the lowest bit of the high word): without it the TM SPRs are unavailable (QEMU spr_read_tm). */
const MSR_HI_TM = 0x00000001;
function tmCheck(c: Cpu): number {
  return c.systemMode && (c.r[W_MSR + 1]! & MSR_HI_TM) === 0 ? facilityUnavailable(c, FSCR_LG.TM) : ACCESS_OK;
}

/** The upper 32 bits of register `of`, as a 32-bit register of its own (QEMU spr_read/write_prev_upper32). */
const upperView = (read: number, write: number, of: number, extra: Partial<SprRule> = {}): SprRule => rw(read, write, {
  ...extra,
  readValue: (c) => { sprValue.hi = 0; sprValue.lo = c.r[sprWord(of) + 1]!; },
  writeValue: (c, _h, l) => { c.r[sprWord(of) + 1] = l; return Flow.Next; },
});

// ---- performance monitor (Book III 9.4) ---------------------------------------------

const pmcc = (c: Cpu): number => c.r[sprWord(S.SPR_MMCR0)]! & (MMCR0_PMCC0 | MMCR0_PMCC1);

/**
 * Problem-state access to the group A registers (MMCR0, MMCR2, MMCRA, the PMCs) by
 * MMCR0[PMCC] (QEMU spr_groupA_read_allowed / spr_groupA_write_allowed): reads are
 * refused only with 0b01 (Facility Unavailable), writes need 0b10 or 0b11 (0b01:
 * Facility Unavailable, 0b00: Hypervisor Emulation Assistance). PMC5/6 are not
 * available at all with 0b11. qemu-ppc64le has none of this: a read gives the value,
 * a write does nothing (its spr_noaccess), which the Linux-user runner reproduces.
 */
function groupA(pmc56: boolean): (c: Cpu, write: boolean, w: number) => number {
  return (c, write, w) => {
    if (!c.systemMode) return write ? ACCESS_IGNORE : ACCESS_OK;
    if (!c.problemState) return ACCESS_OK;
    const mode = pmcc(c);
    if (pmc56 && mode === (MMCR0_PMCC0 | MMCR0_PMCC1)) return facilityUnavailable(c, FSCR_LG.PM);
    if (mode === MMCR0_PMCC1) return facilityUnavailable(c, FSCR_LG.PM);
    if (write && mode === 0) return illegal(c, w);
    return ACCESS_OK;
  };
}

/** A problem-state view of privileged PMU register `of` (number - 16), read-only unless `writable`. */
function userPmu(of: number, writable: boolean, extra: Partial<SprRule> = {}): SprRule {
  return rw(U, writable ? U : P, { storage: of, ...extra });
}

/**
 * A register with a problem-state mask, read: masked in a guest's problem state, whole
 * in supervisor state and in the Linux-user runner (qemu-user's spr_read_ureg).
 */
const maskedRead = (of: number, maskHi: number, maskLo: number) => (c: Cpu): void => {
  const w = sprWord(of);
  const all = !c.systemMode || !c.problemState;
  sprValue.hi = all ? c.r[w + 1]! : c.r[w + 1]! & maskHi;
  sprValue.lo = all ? c.r[w]! : c.r[w]! & maskLo;
};
/** ... and written: only the masked bits in problem state, all of it in supervisor state. */
const maskedWrite = (of: number, maskHi: number, maskLo: number) => (c: Cpu, hi: number, lo: number): number => {
  if (c.problemState) maskedStore(c, of, maskHi, maskLo, hi, lo);
  else maskedStore(c, of, -1, -1, hi, lo);
  return Flow.Next;
};

// ---- time-base derived registers ------------------------------------------------------

/**
 * PURR, SPURR and VTB count with the time base in QEMU 7.2 (cpu_ppc_load_purr, _vtb:
 * the time base plus an offset the hypervisor alone can change); a partition reads them.
 */
const timeBaseCopy = (read: number, upperOnly = false): SprRule => rw(read, H, {
  readValue: (c) => { c.clock.read(); sprValue.hi = upperOnly ? 0 : c.clock.hi; sprValue.lo = upperOnly ? c.clock.hi : c.clock.lo; },
});

/** The rules of this file, merged into SPR_RULES (isa/spr-table.ts). */
export const FACILITY_SPR_RULES: Record<number, SprRule> = {
  // storage keys; SPR 13 is registered for system emulation only (qemu-ppc64le refuses it)
  [S.SPR_AMR]: rw(U, U, { systemOnly: true, writeValue: writeAmr }),
  [S.SPR_AMR_PRIV]: rw(P, P, { storage: S.SPR_AMR, writeValue: writeAmr }),
  [S.SPR_IAMR]: rw(P, P, { writeValue: writeIamr }),
  [S.SPR_UAMOR]: rw(P, P, { writeValue: (c, h, l) => { maskedStore(c, S.SPR_UAMOR, PARTITION_AMOR, PARTITION_AMOR, h, l); return Flow.Next; } }),

  // transactional memory registers
  [S.SPR_TFHAR]: rw(U, U, { check: tmCheck }),
  [S.SPR_TFIAR]: rw(U, U, { check: tmCheck }),
  [S.SPR_TEXASR]: rw(U, U, { check: tmCheck }),
  [S.SPR_TEXASRU]: upperView(U, U, S.SPR_TEXASR, { check: tmCheck }),

  // performance monitor, privileged: the registers (QEMU counts with them; hvstep keeps what is written)
  [S.SPR_SIER]: rw(P, P),
  [S.SPR_MMCR2]: rw(P, P),
  [S.SPR_MMCRA]: rw(P, P),
  [S.SPR_PMC1]: rw(P, P, { width32: true }),
  [S.SPR_PMC2]: rw(P, P, { width32: true }),
  [S.SPR_PMC3]: rw(P, P, { width32: true }),
  [S.SPR_PMC4]: rw(P, P, { width32: true }),
  [S.SPR_PMC5]: rw(P, P, { width32: true }),
  [S.SPR_PMC6]: rw(P, P, { width32: true }),
  [S.SPR_MMCR0]: rw(P, P),
  [S.SPR_SIAR]: rw(P, P),
  [S.SPR_SDAR]: rw(P, P),
  [S.SPR_MMCR1]: rw(P, P),
  // ... and their problem-state numbers
  [S.SPR_USIER]: userPmu(S.SPR_SIER, false),
  [S.SPR_UMMCR2]: userPmu(S.SPR_MMCR2, true, {
    check: groupA(false), readValue: maskedRead(S.SPR_MMCR2, MMCR2_UREG_HI, MMCR2_UREG_LO),
    writeValue: maskedWrite(S.SPR_MMCR2, MMCR2_UREG_HI, MMCR2_UREG_LO),
  }),
  [S.SPR_UMMCRA]: userPmu(S.SPR_MMCRA, false),
  [S.SPR_UPMC1]: userPmu(S.SPR_PMC1, true, { width32: true, check: groupA(false) }),
  [S.SPR_UPMC1 + 1]: userPmu(S.SPR_PMC2, true, { width32: true, check: groupA(false) }),
  [S.SPR_UPMC1 + 2]: userPmu(S.SPR_PMC3, true, { width32: true, check: groupA(false) }),
  [S.SPR_UPMC4]: userPmu(S.SPR_PMC4, true, { width32: true, check: groupA(false) }),
  [S.SPR_UPMC5]: userPmu(S.SPR_PMC5, true, { width32: true, check: groupA(true) }),
  [S.SPR_UPMC6]: userPmu(S.SPR_PMC6, true, { width32: true, check: groupA(true) }),
  [S.SPR_UMMCR0]: userPmu(S.SPR_MMCR0, true, {
    check: groupA(false), readValue: maskedRead(S.SPR_MMCR0, 0, MMCR0_UREG),
    writeValue: maskedWrite(S.SPR_MMCR0, 0, MMCR0_UREG),
  }),
  [S.SPR_USIAR]: userPmu(S.SPR_SIAR, false),
  [S.SPR_USDAR]: userPmu(S.SPR_SDAR, false),
  [S.SPR_UMMCR1]: userPmu(S.SPR_MMCR1, false),

  // event-based branches: registers only, as QEMU keeps them (BESCRS/BESCRR are plain
  // registers there, not the ISA's set/reset views of BESCR); FSCR[EBB] gates problem
  // state; qemu-ppc64le stops on them (FSCR[EBB] is clear and its cpu_loop does not
  // handle the interrupt), a Linux process gets SIGILL: not in the runner
  [S.SPR_BESCRS]: rw(U, U, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  [S.SPR_BESCRSU]: upperView(U, U, S.SPR_BESCRS, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  [S.SPR_BESCRR]: rw(U, U, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  [S.SPR_BESCRRU]: upperView(U, U, S.SPR_BESCRR, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  [S.SPR_EBBHR]: rw(U, U, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  [S.SPR_EBBRR]: rw(U, U, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  [S.SPR_BESCR]: rw(U, U, { systemOnly: true, check: fscrCheck(FSCR_LG.EBB) }),
  // ISA 2.07's no-op numbers (QEMU gen_op_mfspr/gen_mtspr for 808-811)
  [S.SPR_NOP_FIRST]: rw(U, U, { nop: true }),
  [S.SPR_NOP_FIRST + 1]: rw(U, U, { nop: true }),
  [S.SPR_NOP_FIRST + 2]: rw(U, U, { nop: true }),
  [S.SPR_NOP_LAST]: rw(U, U, { nop: true }),

  // time-base copies: the hypervisor's write numbers of TB read as the time base
  // (QEMU register_tbl), PURR, SPURR and VTB for the partition
  [S.SPR_TBL_WRITE]: timeBaseCopy(U),
  [S.SPR_TBU_WRITE]: timeBaseCopy(U, true),
  [S.SPR_PURR]: timeBaseCopy(P),
  [S.SPR_SPURR]: timeBaseCopy(P),
  [S.SPR_VTB]: timeBaseCopy(P),
};

/** FSCR[TAR] gates problem-state access to TAR (QEMU spr_read_tar / spr_write_tar). */
export const tarCheck = fscrCheck(FSCR_LG.TAR);
