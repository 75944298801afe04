import { Vector, vectorAddress, LPCR_AIL_MASK, LPCR_AIL_SHIFT, MSR64_IR, MSR64_DR } from '@hvstep/emulator-core';

/**
 * Where the guest's interrupt handlers are, as userspace computes it (the QEMU
 * series' ppc_get_trace_int_handler_addr, spec section 3): vector | offset(AIL),
 * where LPCR[AIL] applies only when the MSR the interrupt is taken under has IR=1
 * and DR=1 (Book III 6.5, "Alternate Interrupt Location"). AIL 1 is reserved and
 * treated as 0; system reset and machine check are never relocated.
 */
export const TRACE_VECTOR: number = Vector.Trace;
export { MSR64_SE as MSR_SE, MSR64_LE as MSR_LE } from '@hvstep/emulator-core';

export interface HandlerAddress {
  /** Effective address of the handler's first instruction. */
  readonly ea: bigint;
  /** True when the handler runs with translation on (AIL 2 or 3 applied). */
  readonly relocated: boolean;
}

export function interruptHandlerAddress(lpcrLo: number, msr: bigint, vector = TRACE_VECTOR): HandlerAddress {
  const ail = (lpcrLo & LPCR_AIL_MASK) >>> LPCR_AIL_SHIFT;
  const relocating = (msr & (MSR64_IR | MSR64_DR)) === (MSR64_IR | MSR64_DR);
  const ea = vectorAddress(vector, ail, relocating);
  return { ea, relocated: ea !== BigInt(vector) };
}
