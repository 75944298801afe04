/**
 * The RTAS "firmware" a Linux guest instantiates: the code at linux,rtas-entry that
 * the kernel's enter_rtas calls in real mode, 32-bit and big-endian, with r3 = the
 * real address of its rtas_args. It turns the call into the KVMPPC_H_RTAS hypercall,
 * which the machine serves, and returns (QEMU's pc-bios/spapr-rtas, the same five
 * instructions):
 *
 *     mr   r4, r3          # the argument buffer
 *     lis  r3, 0           # KVMPPC_H_RTAS = 0xf000 (li would sign-extend it)
 *     ori  r3, r3, 0xf000
 *     sc   1
 *     blr
 */
export const RTAS_BLOB_WORDS = [0x7c641b78, 0x3c600000, 0x6063f000, 0x44000022, 0x4e800020] as const;

/** Space given to RTAS in the tree (rtas-size) and reserved for it: one page. */
export const RTAS_SIZE = 0x1000;

/** The blob's bytes, big-endian. */
export function rtasBlob(): Uint8Array {
  const out = new Uint8Array(4 * RTAS_BLOB_WORDS.length);
  const view = new DataView(out.buffer);
  RTAS_BLOB_WORDS.forEach((w, i) => view.setUint32(4 * i, w, false));
  return out;
}
