import type { Vcpu } from '@hvstep/hypervisor';
import { H_SUCCESS, H_PARAMETER } from '@hvstep/hypervisor';

/**
 * The hypervisor virtual console (PAPR 14.5.5): H_PUT_TERM_CHAR writes up to 16
 * bytes held big-endian in r6..r7; H_GET_TERM_CHAR returns up to 16 bytes the same
 * way with the count in r4. One vterm: the vty node's reg, VTY_REG, which Linux's
 * hvc_vio passes as the vterm number; 0 is accepted too (the bundled firmware and
 * kernel write to vterm 0 without reading the tree).
 */

/** The vty's unit address (/vdevice/vty@30000000) and vterm number. */
export const VTY_REG = 0x30000000;
const isOurVterm = (term: bigint | undefined): boolean => term === 0n || term === BigInt(VTY_REG);
export interface ConsoleIo {
  write(bytes: Uint8Array): void;
  /** Takes up to `max` pending input bytes (empty when none). */
  read(max: number): Uint8Array;
}

function packedBytes(hi: bigint, lo: bigint, length: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, hi, false);
  view.setBigUint64(8, lo, false);
  return out.subarray(0, length);
}

export function putTermChar(io: ConsoleIo, vcpu: Vcpu, args: bigint[]): number {
  const [term, length, hi, lo] = args as [bigint, bigint, bigint, bigint];
  if (!isOurVterm(term)) return H_PARAMETER;
  if (length > 16n) return H_PARAMETER;
  io.write(packedBytes(hi, lo, Number(length)));
  void vcpu;
  return H_SUCCESS;
}

export function getTermChar(io: ConsoleIo, vcpu: Vcpu, args: bigint[]): number {
  if (!isOurVterm(args[0])) return H_PARAMETER;
  const bytes = io.read(16);
  const buf = new Uint8Array(16);
  buf.set(bytes);
  const view = new DataView(buf.buffer);
  const regs = vcpu.getRegs();
  regs.gpr[4] = BigInt(bytes.length);
  regs.gpr[5] = view.getBigUint64(0, false);
  regs.gpr[6] = view.getBigUint64(8, false);
  vcpu.setRegs({ gpr: regs.gpr });
  return H_SUCCESS;
}
