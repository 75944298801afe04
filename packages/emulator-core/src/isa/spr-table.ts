import type { Cpu } from '../cpu/cpu.js';
import { Flow } from '../decode/instruction.js';
import {
  W_XER, W_MSR, SPR_XER, SPR_LR, SPR_CTR, SPR_DSCR, SPR_VRSAVE, SPR_TAR, SPR_PPR,
  SPR_TBL_READ, SPR_TBU_READ, sprWord,
} from '../state/layout.js';
import * as S from '../cpu/spr-numbers.js';
import { CTL_DOORBELL } from '../cpu/control.js';
import { advanceNip } from '../cpu/nip.js';
import { readDecrementer, writeDecrementer } from '../cpu/decrementer.js';
import { Access, rw, sprValue, type SprRule } from './spr-rule.js';
import { FACILITY_SPR_RULES, tarCheck } from './spr-facilities.js';

export { sprValue, Access, ACCESS_OK, ACCESS_IGNORE, type SprRule } from './spr-rule.js';

const U = Access.User, P = Access.Privileged, H = Access.Hypervisor;

/** XER lives in its own word of the register file (layout.ts), not in the SPR slot. */
const xer: SprRule = rw(U, U, {
  readValue: (c) => { sprValue.hi = 0; sprValue.lo = c.r[W_XER]!; },
  afterWrite: (c, _h, l) => { c.r[W_XER] = l; return Flow.Next; },
});

/** DEC: 32 or 56 bits by LPCR[LD] (cpu/decrementer.ts). */
const dec: SprRule = rw(P, P, {
  readValue: (c) => { readDecrementer(c, sprValue); },
  afterWrite: (c, h, l) => { writeDecrementer(c, h, l); return Flow.Next; },
});

/** Time base read through mfspr 268/269 (same as mftb). */
const timeBase = (upper: boolean): SprRule => rw(U, H, {
  readValue: (c) => { c.clock.read(); sprValue.hi = upper ? 0 : c.clock.hi; sprValue.lo = upper ? c.clock.hi : c.clock.lo; },
});

/** Returns from an SPR write that changes translation or the run loop's view of the CPU. */
const rejoin = (c: Cpu): number => {
  advanceNip(c);
  return Flow.Jump;
};

const pid: SprRule = rw(P, P, { width32: true, afterWrite: (c, _h, l) => { c.pid = l; c.flushTlb(); return Flow.Next; } });

/** CIABR (Book III 9.2): arming it makes the run loop step so that it can compare each address. */
const ciabr: SprRule = rw(P, P, {
  afterWrite: (c, _h, l) => {
    c.ciabrActive = (l & 3) !== 0;
    c.setMsr(c.r[W_MSR + 1]!, c.r[W_MSR]!);
    return rejoin(c);
  },
});

/** DAWR0 / DAWRX0 (Book III 9.4): decode into the CPU's watch fields. */
function armWatch(c: Cpu): void {
  const dawrLo = c.r[sprWord(S.SPR_DAWR0)]!, dawrHi = c.r[sprWord(S.SPR_DAWR0) + 1]!;
  const x = c.r[sprWord(S.SPR_DAWRX0)]!;
  const length = (((x >>> 10) & 0x3f) + 1) * 8;             // MRD: doublewords - 1
  const access = ((x & 0x20) ? 1 : 0) | ((x & 0x40) ? 2 : 0);  // DR, DW
  const privilege = ((x & 1) ? 1 : 0) | ((x & 2) ? 2 : 0);    // PR, PRIV
  c.watchActive = access !== 0 && privilege !== 0;
  c.watchStart = (dawrLo & ~7) >>> 0;
  c.watchEnd = c.watchStart + length;
  c.watchHi = dawrHi;
  c.watchAccess = access;
  c.watchPrivilege = privilege;
  c.flushTlb();
}
const dawr: SprRule = rw(P, P, { afterWrite: (c) => { armWatch(c); return Flow.Next; } });

/**
 * Re-derives the CPU's cached CIABR and DAWR state from the register file: for a Cpu
 * that takes over a vCPU another Cpu object ran (the hypervisor's main-thread step),
 * which saw none of the mtspr that armed them. The caller refreshes the MSR-derived
 * fields afterwards (Cpu.syncFromState), which fold `ciabrActive` into `traceActive`.
 */
export function syncDebugSprs(c: Cpu): void {
  c.ciabrActive = (c.r[sprWord(S.SPR_CIABR)]! & 3) !== 0;
  armWatch(c);
}

const readOnly = (value: (c: Cpu) => number, read: number = P): SprRule => rw(read, H, {
  readValue: (c) => { sprValue.hi = 0; sprValue.lo = value(c); },
});

/**
 * Every SPR a partition uses, by number: access rights in problem and supervisor state
 * as QEMU 7.2's POWER9 model registers them (target/ppc/cpu_init.c), what a read gives
 * and what a write does. A number not here is HEAI in supervisor state (the hypervisor
 * injects an illegal-instruction Program interrupt, as KVM-HV does) and illegal or
 * privileged in problem state. Numbers QEMU 7.2 does not register are not here either:
 * 3 (the ISA's problem-state DSCR) and 898 (PPR32, which later QEMU versions added).
 */
const BASIC_SPR_RULES: Record<number, SprRule> = {
  [SPR_XER]: xer,
  [SPR_LR]: rw(U, U),
  [SPR_CTR]: rw(U, U),
  [SPR_DSCR]: rw(P, P),
  [S.SPR_DSISR]: rw(P, P, { width32: true }),
  [S.SPR_DAR]: rw(P, P),
  [S.SPR_DEC]: dec,
  [S.SPR_SRR0]: rw(P, P),
  [S.SPR_SRR1]: rw(P, P),
  // CFAR: taken branches, bctar, rfid and rfscv write their own address (QEMU gen_update_cfar)
  [S.SPR_CFAR]: rw(P, P),
  [S.SPR_PID]: pid,
  [S.SPR_CTRL_READ]: rw(U, H, { storage: S.SPR_CTRL_WRITE, width32: true }),
  [S.SPR_CTRL_WRITE]: rw(H, P, { width32: true }),
  [S.SPR_FSCR]: rw(P, P),
  [S.SPR_PSPB]: rw(P, P, { width32: true }),
  // Thread ID (QEMU register_power9_book4_sprs; Linux writes it on a context switch when a thread has one)
  [S.SPR_TIDR]: rw(P, P),
  [S.SPR_DPDES]: rw(P, P, {
    readValue: (c) => { sprValue.hi = 0; sprValue.lo = Atomics.load(c.controls, c.controlBase + CTL_DOORBELL) ? 1 : 0; },
    afterWrite: (c, _h, l) => { Atomics.store(c.controls, c.controlBase + CTL_DOORBELL, l & 1); return Flow.Next; },
  }),
  [S.SPR_DAWR0]: dawr,
  [S.SPR_DAWRX0]: dawr,
  [S.SPR_CIABR]: ciabr,
  [S.SPR_HFSCR]: rw(P, H),
  [SPR_VRSAVE]: rw(U, U),
  [S.SPR_SPRG3_READ]: rw(U, H, { storage: S.SPR_SPRG3 }),
  [SPR_TBL_READ]: timeBase(false),
  [SPR_TBU_READ]: timeBase(true),
  [S.SPR_SPRG0]: rw(P, P),
  [S.SPR_SPRG1]: rw(P, P),
  [S.SPR_SPRG2]: rw(P, P),
  [S.SPR_SPRG3]: rw(P, P),
  // problem state may read it (QEMU registers a problem-state read for Linux's sake)
  [S.SPR_PVR]: readOnly(() => S.PVR_POWER9, U),
  [S.SPR_LPCR]: rw(P, H),
  [S.SPR_TIR]: readOnly((c) => c.index),
  [SPR_TAR]: rw(U, U, { check: tarCheck }),
  [SPR_PPR]: rw(U, U),
  [S.SPR_PIR]: readOnly((c) => c.index),
};

/** The basic registers and the facility ones (isa/spr-facilities.ts); a number in both is a build-time error. */
export const SPR_RULES: Record<number, SprRule> = { ...BASIC_SPR_RULES };
for (const [n, rule] of Object.entries(FACILITY_SPR_RULES)) {
  if (n in SPR_RULES) throw new Error(`SPR table: SPR ${n} defined twice`);
  SPR_RULES[Number(n)] = rule;
}

/** The SPR numbers whose value follows the guest clock (the time base and its copies, DEC): reads are not reproducible. */
export const CLOCK_SPRS: ReadonlySet<number> = new Set([
  SPR_TBL_READ, SPR_TBU_READ, S.SPR_TBL_WRITE, S.SPR_TBU_WRITE, S.SPR_PURR, S.SPR_SPURR, S.SPR_VTB, S.SPR_DEC,
]);
