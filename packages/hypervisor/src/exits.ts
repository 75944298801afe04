import * as M from './mailbox.js';
import { encodeDebugExitArch } from './kvm/guest-debug.js';
import { KVM_EXIT_DEBUG, KVM_EXIT_PAPR_HCALL, KVM_EXIT_MMIO, KVM_EXIT_INTR, KVM_EXIT_FAIL_ENTRY } from './kvm/constants.js';

/** A vCPU exit as userspace sees it (struct kvm_run's exit union, typed). */
export type VcpuExit =
  | { reason: 'debug'; kvmReason: number; exception: number; status: number; pc: bigint; address: bigint; arch: Uint8Array }
  | { reason: 'hcall'; kvmReason: number; nr: number; args: bigint[] }
  | { reason: 'mmio'; kvmReason: number; physAddr: bigint; isWrite: boolean }
  | { reason: 'intr'; kvmReason: number }
  | { reason: 'failed'; kvmReason: number; error: string };

const u64 = (mb: Int32Array, i: number): bigint => (BigInt(mb[i + 1]! >>> 0) << 32n) | BigInt(mb[i]! >>> 0);

/** Decodes the exit record the worker left in the mailbox. */
export function readExit(mb: Int32Array, gpr: (n: number) => bigint): VcpuExit {
  if (Atomics.load(mb, M.MB_STATE) === M.VcpuState.Failed) {
    return { reason: 'failed', kvmReason: KVM_EXIT_FAIL_ENTRY, error: M.readError(mb) };
  }
  const kvmReason = mb[M.MB_EXIT_REASON]!;
  switch (kvmReason) {
    case KVM_EXIT_DEBUG: {
      const debug = {
        exception: mb[M.MB_DEBUG_EXCEPTION]!, status: mb[M.MB_DEBUG_STATUS]!,
        pc: u64(mb, M.MB_DEBUG_PC), address: u64(mb, M.MB_DEBUG_ADDRESS),
      };
      // the byte-exact struct kvm_debug_exit_arch, as kvm_run would carry it
      return { reason: 'debug', kvmReason, ...debug, arch: encodeDebugExitArch(debug) };
    }
    case KVM_EXIT_PAPR_HCALL:
      return { reason: 'hcall', kvmReason, nr: Number(gpr(3)), args: [4, 5, 6, 7, 8, 9, 10, 11, 12].map(gpr) };
    case KVM_EXIT_MMIO:
      return { reason: 'mmio', kvmReason, physAddr: u64(mb, M.MB_MMIO_ADDRESS), isWrite: mb[M.MB_MMIO_WRITE] !== 0 };
    case KVM_EXIT_INTR:
      return { reason: 'intr', kvmReason };
    default:
      throw new Error(`unknown exit reason ${kvmReason} in the mailbox`);
  }
}
