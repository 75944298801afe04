import { Exit } from './exit.js';
import type { Cpu } from './cpu.js';
import { W_MSR, W_NIP, sprWord, W_RESERVE_VALID } from '../state/layout.js';
import { MSR_HI_SF, MSR_HI_HV, MSR_ME, MSR_LE, MSR_IR, MSR_DR, MSR_EE, MSR_RI, LPCR_AIL_MASK, LPCR_AIL_SHIFT, LPCR_ILE } from './msr.js';
import { SRR1_INTERRUPT_BITS } from './srr1.js';
import { SPR_SRR0, SPR_SRR1, SPR_DAR, SPR_DSISR, SPR_LPCR, SPR_LR, SPR_CTR, SPR_FSCR } from './spr-numbers.js';
import {
  Vector, AIL2_VECTOR_BASE, AIL3_VECTOR_BASE_HI, AIL3_VECTOR_BASE_LO, SYSTEM_CALL_VECTORED_STRIDE,
  SYSTEM_CALL_VECTORED_AIL3_HI, SYSTEM_CALL_VECTORED_AIL3_LO,
} from './vectors.js';
import { Flow } from '../decode/instruction.js';
import { nextSequential, nextAddress } from './nip.js';

/*
 * The numbers interrupts use live in vectors.ts (offsets, AIL bases) and srr1.ts
 * (SRR1 reasons); they are re-exported here under the names the instruction
 * handlers have always imported from this module.
 */
export { Vector } from './vectors.js';
export { PROGRAM_FP_ENABLED, PROGRAM_ILLEGAL, PROGRAM_PRIVILEGED, PROGRAM_TRAP, TRACE_SRR1, TRACE_CIABR_SRR1 } from './srr1.js';

/**
 * Delivers an interrupt to the guest (Power ISA 3.0B Book III 7.4-7.5, modelled on
 * QEMU's powerpc_excp_books for a POWER9 partition): SRR0 = `srr0`, SRR1 = the MSR
 * with the interrupt-set bits replaced by `srr1Bits`, and the new MSR keeps HV and
 * ME, takes LE from LPCR[ILE], sets SF, and clears the rest. With LPCR[AIL] = 2 or
 * 3 and the interrupted context relocating both instructions and data, the vector
 * gets the AIL offset (0x18000, or 0xC000000000004000) and the handler runs with
 * IR=DR=1; never for system reset and machine check. The reservation is lost.
 * Returns Flow.Jump for the run loop.
 */
export function deliverInterrupt(cpu: Cpu, vector: number, srr0Hi: number, srr0Lo: number, srr1Bits: number): number {
  const r = cpu.r;
  const msrLo = r[W_MSR]!, msrHi = r[W_MSR + 1]!;
  const srr0 = sprWord(SPR_SRR0), srr1 = sprWord(SPR_SRR1);
  r[srr0] = srr0Lo; r[srr0 + 1] = srr0Hi;
  r[srr1] = (msrLo & ~SRR1_INTERRUPT_BITS) | srr1Bits; r[srr1 + 1] = msrHi;

  const lpcr = r[sprWord(SPR_LPCR)]!;
  let newLo = msrLo & MSR_ME;
  const newHi = (msrHi & MSR_HI_HV) | MSR_HI_SF;
  if (lpcr & LPCR_ILE) newLo |= MSR_LE;
  let vectorHi = 0, vectorLo = vector;
  const ail = (lpcr & LPCR_AIL_MASK) >>> LPCR_AIL_SHIFT;
  const relocating = (msrLo & (MSR_IR | MSR_DR)) === (MSR_IR | MSR_DR);
  if (relocating && (ail === 2 || ail === 3) && vector !== Vector.SystemReset && vector !== Vector.MachineCheck) {
    newLo |= MSR_IR | MSR_DR;
    if (ail === 2) vectorLo |= AIL2_VECTOR_BASE;
    else { vectorHi = AIL3_VECTOR_BASE_HI; vectorLo |= AIL3_VECTOR_BASE_LO; }
  }
  cpu.setMsr(newHi, newLo);
  r[W_NIP] = vectorLo; r[W_NIP + 1] = vectorHi;
  r[W_RESERVE_VALID] = 0;
  cpu.suppressTrace = true;
  return Flow.Jump;
}

/**
 * System Call Vectored (`scv LEV`, Book III 7.5, "System Call Vectored Interrupt"; QEMU powerpc_excp_books case
 * POWERPC_EXCP_SYSCALL_VECTORED and ppc_excp_apply_ail): LR = the next instruction, CTR =
 * the MSR (SRR0/SRR1 are left alone), the new MSR keeps EE and RI besides what every
 * interrupt keeps, and the handler is at 0x17000 + 0x20 × LEV. With LPCR[AIL] = 3 (and
 * relocation on in the interrupted context) it is at 0xC000000000003000 + 0x20 × LEV;
 * AIL = 2 turns relocation on without moving the vector. The reservation is lost.
 */
export function deliverSystemCallVectored(cpu: Cpu, lev: number): number {
  const r = cpu.r;
  const msrLo = r[W_MSR]!, msrHi = r[W_MSR + 1]!;
  nextSequential(cpu.mode64, nipHi(cpu), nipLo(cpu));
  const lr = sprWord(SPR_LR), ctr = sprWord(SPR_CTR);
  r[lr] = nextAddress.lo; r[lr + 1] = nextAddress.hi;
  r[ctr] = msrLo; r[ctr + 1] = msrHi;

  const lpcr = r[sprWord(SPR_LPCR)]!;
  let newLo = msrLo & (MSR_ME | MSR_EE | MSR_RI);
  const newHi = (msrHi & MSR_HI_HV) | MSR_HI_SF;
  if (lpcr & LPCR_ILE) newLo |= MSR_LE;
  const offset = lev * SYSTEM_CALL_VECTORED_STRIDE;
  let vectorHi = 0, vectorLo = Vector.SystemCallVectored + offset;
  const ail = (lpcr & LPCR_AIL_MASK) >>> LPCR_AIL_SHIFT;
  if ((msrLo & (MSR_IR | MSR_DR)) === (MSR_IR | MSR_DR) && (ail === 2 || ail === 3)) {
    newLo |= MSR_IR | MSR_DR;
    if (ail === 3) { vectorHi = SYSTEM_CALL_VECTORED_AIL3_HI; vectorLo = SYSTEM_CALL_VECTORED_AIL3_LO + offset; }
  }
  cpu.setMsr(newHi, newLo);
  r[W_NIP] = vectorLo; r[W_NIP + 1] = vectorHi;
  r[W_RESERVE_VALID] = 0;
  cpu.suppressTrace = true;
  return Flow.Jump;
}

/**
 * Facility Unavailable (0xF60, Book III 7.5.24): an instruction or SPR whose FSCR bit is
 * clear. SRR0 = the instruction; FSCR[IC] (bits 0:7) = `cause`, the number of the FSCR
 * bit that was clear (QEMU raise_fu_exception / gen_fscr_facility_check).
 */
export function facilityUnavailable(cpu: Cpu, cause: number): number {
  const w = sprWord(SPR_FSCR) + 1;
  cpu.r[w] = (cpu.r[w]! & 0x00ffffff) | (cause << 24);
  return deliverInterrupt(cpu, Vector.FacilityUnavailable, nipHi(cpu), nipLo(cpu), 0);
}

/** The address of the instruction being executed (NIP while a handler runs). */
const nipHi = (cpu: Cpu): number => cpu.r[W_NIP + 1]!;
const nipLo = (cpu: Cpu): number => cpu.r[W_NIP]!;

/** Program interrupt for the current instruction (SRR0 = its address). */
export function programInterrupt(cpu: Cpu, reason: number): number {
  return deliverInterrupt(cpu, Vector.Program, nipHi(cpu), nipLo(cpu), reason);
}

/** DSI: DAR = EA, DSISR as given; SRR0 = the instruction. */
export function dataStorageInterrupt(cpu: Cpu, darHi: number, darLo: number, dsisr: number): number {
  const r = cpu.r;
  r[sprWord(SPR_DAR)] = darLo; r[sprWord(SPR_DAR) + 1] = darHi;
  r[sprWord(SPR_DSISR)] = dsisr; r[sprWord(SPR_DSISR) + 1] = 0;
  return deliverInterrupt(cpu, Vector.DataStorage, nipHi(cpu), nipLo(cpu), 0);
}

/** Data Segment interrupt (radix: an EA outside the tree): DAR = EA, DSISR unchanged. */
export function dataSegmentInterrupt(cpu: Cpu, darHi: number, darLo: number): number {
  cpu.r[sprWord(SPR_DAR)] = darLo; cpu.r[sprWord(SPR_DAR) + 1] = darHi;
  return deliverInterrupt(cpu, Vector.DataSegment, nipHi(cpu), nipLo(cpu), 0);
}

/** ISI: SRR0 = the address that could not be fetched, SRR1 reason bits. */
export function instructionStorageInterrupt(cpu: Cpu, srr1Bits: number): number {
  return deliverInterrupt(cpu, Vector.InstructionStorage, nipHi(cpu), nipLo(cpu), srr1Bits);
}

/** Alignment: DAR = EA; DSISR is 0 on POWER9 (ISA 3.0 no longer defines its fields here). */
export function alignmentInterrupt(cpu: Cpu, darHi: number, darLo: number): number {
  const r = cpu.r;
  r[sprWord(SPR_DAR)] = darLo; r[sprWord(SPR_DAR) + 1] = darHi;
  r[sprWord(SPR_DSISR)] = 0; r[sprWord(SPR_DSISR) + 1] = 0;
  return deliverInterrupt(cpu, Vector.Alignment, nipHi(cpu), nipLo(cpu), 0);
}

/** An interrupt whose SRR0 is the instruction after the current one (sc, trace after a sequential instruction). */
export function interruptAfter(cpu: Cpu, vector: number, srr1Bits: number): number {
  nextSequential(cpu.mode64, nipHi(cpu), nipLo(cpu));
  return deliverInterrupt(cpu, vector, nextAddress.hi, nextAddress.lo, srr1Bits);
}

/**
 * Delivers the interrupt for the storage fault a GuestFaultSignal unwound (system mode;
 * the faulting instruction at NIP did not complete): DSI or Data Segment with DAR and
 * DSISR, ISI or Instruction Segment, or Alignment, as `cpu.exitDetail` and the fault
 * fields describe it (QEMU's ppc_cpu_do_interrupt for POWERPC_EXCP_DSI/DSEG/ISI/ISEG/ALIGN).
 */
export function deliverStorageFault(cpu: Cpu): number {
  switch (cpu.exitDetail) {
    case Exit.DataStorage:
      return cpu.faultSegment
        ? dataSegmentInterrupt(cpu, cpu.exitAddressHi, cpu.exitAddressLo)
        : dataStorageInterrupt(cpu, cpu.exitAddressHi, cpu.exitAddressLo, cpu.faultDsisr);
    case Exit.InstructionStorage:
      return cpu.faultSegment
        ? deliverInterrupt(cpu, Vector.InstructionSegment, nipHi(cpu), nipLo(cpu), 0)
        : instructionStorageInterrupt(cpu, cpu.faultSrr1);
    default:
      return alignmentInterrupt(cpu, cpu.exitAddressHi, cpu.exitAddressLo);
  }
}
