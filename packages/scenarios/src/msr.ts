/** MSR bits (low word) the scenarios look at. */
export const MSR_LE = 0x1n;
export const MSR_RI = 0x2n;
export const MSR_DR = 0x10n;
export const MSR_IR = 0x20n;
export const MSR_BE = 0x200n;
export const MSR_SE = 0x400n;
export const MSR_PR = 0x4000n;
export const MSR_EE = 0x8000n;
/** The bits an interrupt sets in SRR1 (spec section 3: SE | bits 33:36 | bits 43:47), never to reach a restored MSR. */
export const SRR1_INTERRUPT_MASK = 0x781f0400n;
/** The bits mtmsrd (L=0) and rfid take from their source in a partition (HV and ME are not the guest's to change). */
export const MSR_GUEST_BITS = MSR_EE | MSR_PR | 0x2000n /* FP */ | MSR_SE | MSR_BE | MSR_IR | MSR_DR | MSR_RI | MSR_LE;

export function describeMsr(msr: bigint): string {
  const names: [bigint, string][] = [[MSR_EE, 'EE'], [MSR_PR, 'PR'], [MSR_SE, 'SE'], [MSR_BE, 'BE'], [MSR_IR, 'IR'], [MSR_DR, 'DR'], [MSR_RI, 'RI'], [MSR_LE, 'LE']];
  const on = names.filter(([b]) => (msr & b) !== 0n).map(([, n]) => n);
  return `0x${msr.toString(16)} (${on.join(' ') || 'none'})`;
}
