import {
  MSR64_LE as MSR_LE, MSR64_RI as MSR_RI, MSR64_DR as MSR_DR, MSR64_IR as MSR_IR, MSR64_BE as MSR_BE, MSR64_SE as MSR_SE,
  MSR64_FP, MSR64_PR as MSR_PR, MSR64_EE as MSR_EE, SRR1_INTERRUPT_BITS,
} from '@hvstep/emulator-core';

/** MSR bits (low word) the scenarios look at, as bigint masks: emulator-core's, under the names the scenarios use. */
export { MSR_LE, MSR_RI, MSR_DR, MSR_IR, MSR_BE, MSR_SE, MSR_PR, MSR_EE };

/** SRR1's interrupt-set bits (ISA 33:36 and 42:47) as a bigint mask: the rest of SRR1 is the interrupted MSR. */
export const SRR1_CAUSE_BITS = BigInt(SRR1_INTERRUPT_BITS);

/** The bits an interrupt sets in SRR1 (spec section 3: SE | bits 33:36 | bits 43:47), never to reach a restored MSR. */
export const SRR1_INTERRUPT_MASK = 0x781f0400n;
/** The bits mtmsrd (L=0) and rfid take from their source in a partition (HV and ME are not the guest's to change). */
export const MSR_GUEST_BITS = MSR_EE | MSR_PR | MSR64_FP | MSR_SE | MSR_BE | MSR_IR | MSR_DR | MSR_RI | MSR_LE;

export function describeMsr(msr: bigint): string {
  const names: [bigint, string][] = [[MSR_EE, 'EE'], [MSR_PR, 'PR'], [MSR_SE, 'SE'], [MSR_BE, 'BE'], [MSR_IR, 'IR'], [MSR_DR, 'DR'], [MSR_RI, 'RI'], [MSR_LE, 'LE']];
  const on = names.filter(([b]) => (msr & b) !== 0n).map(([, n]) => n);
  return `0x${msr.toString(16)} (${on.join(' ') || 'none'})`;
}
