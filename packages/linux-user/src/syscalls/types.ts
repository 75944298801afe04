import type { LinuxProcess } from '../process.js';

/** The six argument registers r3..r8 as unsigned 64-bit values. */
export type SyscallArgs = readonly bigint[];

/** A syscall implementation: returns the result, or a negative errno. */
export type SyscallHandler = (p: LinuxProcess, a: SyscallArgs) => number;

/**
 * One syscall: its name, how --strace shows its arguments, and the handler.
 * Argument kinds, one character per argument: d signed int, u unsigned, x hex,
 * p pointer, s NUL-terminated string, o octal mode, F fd (AT_FDCWD shown by name).
 */
export interface SyscallDef {
  nr: number;
  name: string;
  args: string;
  handler: SyscallHandler;
  /** How --strace shows a successful result: decimal (default) or x for addresses. */
  ret?: 'x';
}

/** A table fragment: each area file (io.ts, memory.ts...) exports one. */
export type SyscallDefs = SyscallDef[];

/** The argument as a signed 32-bit C int. */
export const int = (v: bigint | undefined): number => Number(BigInt.asIntN(32, v ?? 0n));
/** The argument as an unsigned 32-bit value. */
export const uint = (v: bigint | undefined): number => Number(BigInt.asUintN(32, v ?? 0n));
/** The argument as a signed 64-bit value (long), as a number (exact up to 2^53). */
export const long = (v: bigint | undefined): number => Number(BigInt.asIntN(64, v ?? 0n));
/** A size or address argument: the value, or Infinity when it cannot be a guest address/size. */
export const size = (v: bigint | undefined): number => ((v ?? 0n) >= 1n << 53n ? Infinity : Number(v ?? 0n));

export const AT_FDCWD = -100;
