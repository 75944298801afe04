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
 * Main → worker, per run request: the run is a debugger's single step (Vcpu.briefRunWaitMs),
 * so the next request is likely to follow within microseconds: after this exit the
 * worker polls for it briefly instead of blocking at once (spin-wait.ts).
 */
export const MB_POLL_AFTER_EXIT = 18;
export const MB_BREAKPOINT_COUNT = 20;
export const MB_BREAKPOINTS = 21;   // (addrLo, addrHi, type) per entry
export const MB_MAX_BREAKPOINTS = 128;
export const MB_ERROR_BYTE = (MB_BREAKPOINTS + 3 * MB_MAX_BREAKPOINTS) * 4;
export const MB_ERROR_BYTES = 1024;
export const MAILBOX_BYTES = MB_ERROR_BYTE + MB_ERROR_BYTES;

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
  return new Int32Array(new SharedArrayBuffer(MAILBOX_BYTES));
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
