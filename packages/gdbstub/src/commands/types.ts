/**
 * The typed command union every packet parses into (one parser per packet family,
 * dispatched by commands/index.ts). `malformed` -> the session replies E01;
 * `unknown` -> empty reply (GDB's "not supported").
 */

/** A thread-id component: a number, every one (-1) or any one (0). */
export type IdPart = number | 'all' | 'any';

/** `pP.T`, `pP` (all threads of P) or plain `T` (pid = undefined). */
export interface ThreadId {
  readonly pid?: IdPart;
  readonly tid: IdPart;
}

export type VContKind = 'c' | 'C' | 's' | 'S' | 't';

export interface VContAction {
  readonly kind: VContKind;
  readonly signal?: number;
  /** Absent = applies to every thread. */
  readonly thread?: ThreadId;
}

export type BreakpointType = 0 | 1 | 2 | 3 | 4;

export type Command =
  | { kind: 'haltReason' }
  | { kind: 'readRegisters' }
  | { kind: 'writeRegisters'; data: Uint8Array }
  | { kind: 'readRegister'; regnum: number }
  | { kind: 'writeRegister'; regnum: number; data: Uint8Array }
  | { kind: 'readMemory'; addr: bigint; length: number }
  | { kind: 'writeMemory'; addr: bigint; length: number; data: Uint8Array }
  | { kind: 'continue'; addr?: bigint; signal?: number }
  | { kind: 'step'; addr?: bigint; signal?: number }
  | { kind: 'vContQuery' }
  | { kind: 'vCont'; actions: VContAction[] }
  | { kind: 'setThread'; op: 'g' | 'c'; thread: ThreadId }
  | { kind: 'threadAlive'; thread: ThreadId }
  | { kind: 'currentThread' }
  | { kind: 'threadInfoFirst' }
  | { kind: 'threadInfoNext' }
  | { kind: 'xferRead'; object: string; annex: string; offset: number; length: number }
  | { kind: 'supported'; features: string[] }
  | { kind: 'attached' }
  | { kind: 'startNoAckMode' }
  | { kind: 'detach'; pid?: number }
  | { kind: 'kill' }
  | { kind: 'vKill'; pid: number }
  | { kind: 'breakpoint'; insert: boolean; type: BreakpointType; addr: bigint; size: number }
  | { kind: 'monitor'; command: string }
  | { kind: 'sstepBits' }
  | { kind: 'sstepQuery' }
  | { kind: 'sstepSet'; flags: number }
  | { kind: 'setNonStop'; on: boolean }
  | { kind: 'vStopped' }
  | { kind: 'vCtrlC' }
  | { kind: 'unknown'; packet: string }
  | { kind: 'malformed'; packet: string; reason: string };

export function malformed(packet: string, reason: string): Command {
  return { kind: 'malformed', packet, reason };
}
