/**
 * The per-vCPU mailbox: an Int32Array over a SharedArrayBuffer through which the
 * main thread (KVM's userspace) and the vCPU's worker (KVM's run loop) exchange
 * run requests and exit records without messages: the main thread writes a request
 * and notifies, the worker runs the guest until an exit userspace must see, writes
 * the exit record, bumps EXIT_SEQ and notifies. Word indices:
 */
export const MB_STATE = 0;          // VcpuState below
export const MB_EXIT_SEQ = 1;       // incremented by the worker after each exit record
export const MB_EXIT_REASON = 2;    // KVM_EXIT_*
export const MB_DEBUG_EXCEPTION = 3;
export const MB_DEBUG_STATUS = 4;
export const MB_DEBUG_PC = 5;       // lo, hi
export const MB_DEBUG_ADDRESS = 7;  // lo, hi
export const MB_HCALL_NR = 9;
export const MB_MMIO_ADDRESS = 10;  // lo, hi
export const MB_MMIO_LENGTH = 12;
export const MB_MMIO_WRITE = 13;
/** Main → worker: the registers were written by userspace; reload the CPU's cached state. */
export const MB_REGS_DIRTY = 14;
/** Main → worker: the guest-debug configuration changed (a generation count). */
export const MB_DEBUG_GENERATION = 15;
export const MB_GUESTDBG_CONTROL = 16;
/** Main → worker: what to do with the instruction of an MMIO exit on resume (MmioResponse). */
export const MB_MMIO_RESPONSE = 17;
/**
 * Which VcpuRunner ran the vCPU last (RUNNER_WORKER, RUNNER_MAIN): the main thread runs a
 * debugger's step or continue itself at first (Vcpu.runInline) instead of handing it
 * to the worker. A runner that finds the other's mark here takes the vCPU over: it reloads
 * what the register file does not hold from the handover words below (runner-handover.ts).
 */
export const MB_RUNNER = 19;
export const MB_BREAKPOINT_COUNT = 20;
export const MB_BREAKPOINTS = 21;   // (addrLo, addrHi, type) per entry
export const MB_MAX_BREAKPOINTS = 128;
export const MB_ERROR_BYTE = (MB_BREAKPOINTS + 3 * MB_MAX_BREAKPOINTS) * 4;
export const MB_ERROR_BYTES = 1024;
/**
 * The handover record, written by a runner at the end of each run (runner-handover.ts):
 * the decrementer as the core keeps it (two doubles: the time base at which it expires
 * and the time of the last write, then the written value's halves) and the run loop's
 * resume flags (a pending MMIO completion, a comparator stop, a native step completed
 * by a hypercall, a cede to idle in).
 */
export const MB_HANDOVER_F64 = Math.ceil((MB_ERROR_BYTE + MB_ERROR_BYTES) / 8);
export const HO_DEC_EXPIRY = 0;
export const HO_DEC_WRITTEN_AT = 1;
const HANDOVER_F64S = 2;
export const MB_HANDOVER = (MB_HANDOVER_F64 + HANDOVER_F64S) * 2;
export const HO_DEC_WRITTEN_HI = 0;
export const HO_DEC_WRITTEN_LO = 1;
export const HO_FLAGS = 2;
export const HO_DEBUG_STOP_LO = 3;
export const HO_DEBUG_STOP_HI = 4;
const HANDOVER_WORDS = 5;
export const HO_FLAG_MMIO = 1;
export const HO_FLAG_DEBUG_STOP = 2;
export const HO_FLAG_STEP_COMPLETE = 4;
export const HO_FLAG_CEDE = 8;
export const MAILBOX_BYTES = (MB_HANDOVER + HANDOVER_WORDS) * 4;

export const RUNNER_WORKER = 0;
export const RUNNER_MAIN = 1;

export const VcpuState = {
  Idle: 0,
  RunRequested: 1,
  Running: 2,
  Exited: 3,
  Failed: 4,
  Terminate: 5,
} as const;

/** How the hypervisor completes an MMIO access when the vCPU resumes. */
export const MmioResponse = {
  /** Inject a machine check at the instruction (no device answered). */
  MachineCheck: 0,
  /** Skip the instruction: loads leave their target unchanged, stores are dropped. */
  Skip: 1,
} as const;

export function newMailbox(): Int32Array {
  const mb = new Int32Array(new SharedArrayBuffer(MAILBOX_BYTES));
  // a decrementer never written does not expire (Cpu.decrementerExpiry's initial value)
  new Float64Array(mb.buffer, MB_HANDOVER_F64 * 8, 2)[HO_DEC_EXPIRY] = Number.MAX_SAFE_INTEGER;
  return mb;
}

export function writeError(mailbox: Int32Array, message: string): void {
  const bytes = new Uint8Array(mailbox.buffer, MB_ERROR_BYTE, MB_ERROR_BYTES);
  const text = new TextEncoder().encode(message).subarray(0, MB_ERROR_BYTES - 1);
  bytes.fill(0);
  bytes.set(text);
}

export function readError(mailbox: Int32Array): string {
  const bytes = new Uint8Array(mailbox.buffer, MB_ERROR_BYTE, MB_ERROR_BYTES);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end));
}
