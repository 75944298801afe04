/**
 * What happened to one case on one side: it completed and wrote its record, or it
 * stopped the program. Stops are normalised to the guest-visible kind of event, so
 * that a QEMU process killed by SIGILL and an hvstep IllegalInstruction exit compare
 * equal.
 */
export type StopKind =
  | 'SIGILL'   // illegal or privileged instruction
  | 'SIGTRAP'  // trap instruction
  | 'SIGSEGV'  // storage fault
  | 'SIGBUS'   // alignment interrupt
  | 'SIGFPE'
  | 'timeout'  // no progress within the time or instruction budget
  | 'crash';   // anything else: emulator exception, unexpected exit, garbled output

export interface Stop {
  kind: StopKind;
  /** human-readable details: signal/exit code, NIP and word, error message */
  detail: string;
}

export type CaseOutcome = { record: Uint8Array } | { stop: Stop };

export interface SideResult {
  /** one outcome per case of the program, in order */
  outcomes: CaseOutcome[];
  /** number of process starts (QEMU) or run restarts (hvstep) */
  starts: number;
}
