/**
 * Where the guest's interrupt handlers are, as userspace computes it (the QEMU
 * series' ppc_get_trace_int_handler_addr, spec section 3): vector | offset(AIL),
 * where LPCR[AIL] applies only when the MSR the interrupt is taken under has IR=1
 * and DR=1 (Book III 6.5, "Alternate Interrupt Location"). AIL 1 is reserved and
 * treated as 0; system reset and machine check are never relocated.
 */
export const TRACE_VECTOR = 0xd00;
export const LPCR_AIL_MASK = 0x1800000;
export const LPCR_AIL_SHIFT = 23;
export const MSR_IR = 1n << 5n;
export const MSR_DR = 1n << 4n;
export const MSR_SE = 1n << 10n;
export const MSR_LE = 1n;

export interface HandlerAddress {
  /** Effective address of the handler's first instruction. */
  readonly ea: bigint;
  /** True when the handler runs with translation on (AIL 2 or 3 applied). */
  readonly relocated: boolean;
}

export function interruptHandlerAddress(lpcrLo: number, msr: bigint, vector = TRACE_VECTOR): HandlerAddress {
  const ail = (lpcrLo & LPCR_AIL_MASK) >>> LPCR_AIL_SHIFT;
  const relocating = (msr & (MSR_IR | MSR_DR)) === (MSR_IR | MSR_DR);
  if (!relocating || vector === 0x100 || vector === 0x200) return { ea: BigInt(vector), relocated: false };
  if (ail === 2) return { ea: BigInt(vector | 0x18000), relocated: true };
  if (ail === 3) return { ea: 0xc000000000004000n | BigInt(vector), relocated: true };
  return { ea: BigInt(vector), relocated: false };
}
