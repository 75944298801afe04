import { KVMPPC_INST_SW_BREAKPOINT } from '@hvstep/hypervisor';

/** The debug instruction (KVM_REG_PPC_DEBUG_INST): its bytes 00 dd dd 00 read the same in either byte order. */
export const DEBUG_WORD = KVMPPC_INST_SW_BREAKPOINT;

/**
 * Word-aligned real addresses in `bytes` (starting at real address `base`) that hold
 * the debug instruction: a breakpoint a debugger or the stepper left in the guest.
 */
export function findDebugWords(bytes: Uint8Array, base: number): number[] {
  const hits: number[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i + 4 <= bytes.length; i += 4) if (view.getUint32(i, false) === DEBUG_WORD) hits.push(base + i);
  return hits;
}
