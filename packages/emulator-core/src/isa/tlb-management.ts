import type { Cpu } from '../cpu/cpu.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { sprWord } from '../state/layout.js';
import { SPR_LPCR } from '../cpu/spr-numbers.js';
import { LPCR_HR, LPCR_GTSE } from '../cpu/msr.js';
import { CTL_REQUESTS, CONTROL_WORDS_PER_VCPU, REQUEST_FLUSH_TLB } from '../cpu/control.js';
import { programInterrupt, PROGRAM_ILLEGAL } from '../cpu/interrupts.js';
import { advanceNip } from '../cpu/nip.js';
import { fRB, fRIC, fPRS, fR } from './fields.js';
import { lo } from './registers.js';
import { privileged, hypervisorPrivileged } from './system.js';
import { withReserved } from './rows.js';

/*
 * Translation management a radix guest kernel issues (Power ISA 3.0B Book III 6.10.1;
 * QEMU 7.2 translate.c do_tlbie, mmu_helper.c helper_tlbie_isa300 and gen_tlbsync).
 *
 * What hvstep caches: each vCPU keeps a software TLB of 4 KiB leaf translations per
 * access kind (cpu/cpu.ts) and its run loop one fetch page; there is no page-walk
 * cache and no process-table cache (every miss walks the tree from the process table
 * in guest memory), and translated blocks are keyed by real address and compare
 * their words on entry (jit/). So every valid form drops the whole software TLB:
 * RIC=0 (TLB) by address, PID, LPID or all (IS=0..3), RIC=1 (page walk cache: a
 * superset, since the TLB holds the walks' results) and RIC=2 (everything). tlbiel
 * does it on this vCPU; tlbie on every vCPU of the VM, the others through the
 * REQUEST_FLUSH_TLB bit of their control word, served before their next instruction
 * that follows a poll (cpu/events.ts), and the issuing vCPU before its next one.
 * tlbsync and ptesync have nothing left to wait for.
 */

/** RB fields of the radix forms (ISA RB bits 52:53 IS, 56:58 AP, 40:51 the tlbiel set). */
const rbIs = (rb: number): number => (rb >>> 10) & 3;
const rbAp = (rb: number): number => (rb >>> 5) & 7;
const rbSet = (rb: number): number => (rb >>> 12) & 0xfff;

/** RIC values besides 0 (the TLB). */
const RIC_PWC = 1, RIC_ALL = 2, RIC_GROUP = 3;
const IS_VA = 0, IS_PID = 1;
/** The page sizes a radix AP may name (ISA 3.0B 6.7.9 "Radix AP encodings"): 4K, 2M, 1G, 64K. */
const VALID_AP = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 5);

/**
 * Checks the radix (R=1) form as QEMU's helper_tlbie_isa300: RIC=3, RIC=1/2 with IS=0,
 * PRS=0 with IS=1, tlbiel RIC=1 with a set other than 0, or an AP that names no page
 * size for an invalidation by address are invalid forms (a Program interrupt,
 * illegal). True when the form is valid.
 */
function radixFormValid(w: number, rb: number, local: boolean): boolean {
  const ric = fRIC(w), is = rbIs(rb);
  if (ric === RIC_GROUP || ((ric === RIC_PWC || ric === RIC_ALL) && is === IS_VA) || (fPRS(w) === 0 && is === IS_PID)) return false;
  if (ric === RIC_PWC) return !local || rbSet(rb) === 0;
  if (is === IS_VA && ((1 << rbAp(rb)) & VALID_AP) === 0) return false;
  return true;
}

/**
 * The privilege of tlbie/tlbiel in a guest (QEMU do_tlbie): privileged; for a
 * partition (MSR[HV]=0) hypervisor-privileged when it names partition-scoped
 * translations (PRS=0) of a radix host (LPCR[HR]=1), and tlbie also while
 * LPCR[GTSE]=0 (the hypervisor then does the shootdowns: H_RPT_INVALIDATE).
 * Returns -1 when allowed, else the handler's Flow.
 */
function invalidatePrivilege(c: Cpu, w: number, local: boolean): number {
  if (c.problemState) return privileged(c, w);
  const lpcr = c.r[sprWord(SPR_LPCR)]!;
  if ((fPRS(w) === 0 && (lpcr & LPCR_HR) !== 0) || (!local && (lpcr & LPCR_GTSE) === 0)) return hypervisorPrivileged(c, w);
  return -1;
}

/** Drops this vCPU's translations; the run loop then translates its fetch page again. */
function dropLocal(c: Cpu): number {
  c.flushTlb();
  advanceNip(c);
  return Flow.Jump;
}

// tlbiel RB,RS,RIC,PRS,R (X) Book III 6.10.1: this vCPU only
function tlbiel(c: Cpu, w: number): number {
  const denied = invalidatePrivilege(c, w, true);
  if (denied >= 0) return denied;
  if (fR(w) && !radixFormValid(w, lo(c, fRB(w)), true)) return programInterrupt(c, PROGRAM_ILLEGAL);
  return dropLocal(c);
}

// tlbie RB,RS,RIC,PRS,R (X) Book III 6.10.1: every vCPU of the VM
function tlbie(c: Cpu, w: number): number {
  const denied = invalidatePrivilege(c, w, false);
  if (denied >= 0) return denied;
  if (fR(w) && !radixFormValid(w, lo(c, fRB(w)), false)) return programInterrupt(c, PROGRAM_ILLEGAL);
  const ctl = c.controls;
  for (let base = 0; base < ctl.length; base += CONTROL_WORDS_PER_VCPU) {
    if (base !== c.controlBase) Atomics.or(ctl, base + CTL_REQUESTS, REQUEST_FLUSH_TLB);
  }
  return dropLocal(c);
}

// tlbsync (X) Book III 6.10.1: supervisor-privileged while LPCR[GTSE]=1, the hypervisor's otherwise (QEMU gen_tlbsync)
function tlbsync(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  if ((c.r[sprWord(SPR_LPCR)]! & LPCR_GTSE) === 0) return hypervisorPrivileged(c, w);
  return Flow.Next;
}

// slbia IH (X) Book III 6.9.3: no SLB under radix; QEMU's helper_slbia still asks for a local TLB flush
function slbia(c: Cpu, w: number): number {
  return c.problemState ? privileged(c, w) : dropLocal(c);
}
// slbie RB (X): no SLB under radix
function slbie(c: Cpu, w: number): number {
  return c.problemState ? privileged(c, w) : Flow.Next;
}

const X = (mnemonic: string, xo: number, exec: (c: Cpu, w: number) => number): InstructionDef =>
  ({ mnemonic, form: 'X', primary: 31, xo, exec });

export const tlbManagementDefs: InstructionDef[] = [
  X('tlbie', 306, tlbie),
  X('tlbiel', 274, tlbiel),
  // QEMU's decode mask for tlbsync: 0x03FFF801
  withReserved('6:20 31', X('tlbsync', 566, tlbsync)),
  X('slbia', 498, slbia),
  X('slbie', 434, slbie),
];
