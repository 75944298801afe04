import type { SessionResult } from './session.js';
import type { MachineSnapshot, VcpuSnapshot } from './probe-target.js';
import { parseProbes, type GdbProbe } from './gdb-script.js';
import { hex, type Checker } from './checker.js';
import { describeMsr } from './msr.js';

/** A probe as both sides saw it: GDB's current thread, $pc and $msr, and the machine's truth. */
export interface Point {
  readonly label: string;
  readonly thread: number;
  readonly pc: bigint;
  readonly msr: bigint;
  /** The vCPU of GDB's current thread (tid = index + 1). */
  readonly vcpu: VcpuSnapshot;
  readonly machine: MachineSnapshot;
}

/** A finished session, read by a scenario's checks. */
export class Observation {
  private readonly gdb: Map<string, GdbProbe>;

  constructor(readonly session: SessionResult, private readonly c: Checker) {
    this.gdb = parseProbes(session.gdbLines);
  }

  /** GDB's output, every line whole (stdout then stderr), for the checks' patterns. */
  get transcript(): string { return this.session.gdbLines; }
  get console(): string { return this.session.console; }

  /**
   * The probe `label`; a failure (and undefined) when the session never got there.
   * GDB's view must agree with the machine (pc and msr of that thread's vCPU) unless
   * `gdbView` is false (GDB reading registers in the wrong byte order, scenario 9).
   */
  at(label: string, options: { gdbView?: boolean } = {}): Point | undefined {
    const g = this.gdb.get(label), m = this.session.probes.get(label);
    if (!g || !m) {
      this.c.fail(`probe ${label}`, 'reached', `not reached (${g ? 'no machine snapshot' : 'no GDB line'}: the session ended or failed before it)`);
      return undefined;
    }
    const vcpu = m.vcpus[g.thread - 1];
    if (!vcpu) { this.c.fail(`probe ${label}: thread`, `1..${m.vcpus.length}`, String(g.thread)); return undefined; }
    if (options.gdbView !== false) {
      this.c.that(`probe ${label}: GDB's $pc is the machine's NIP`, g.pc === vcpu.nip, hex(vcpu.nip), hex(g.pc));
      this.c.that(`probe ${label}: GDB's $msr is the machine's MSR`, g.msr === vcpu.msr, describeMsr(vcpu.msr), describeMsr(g.msr));
    }
    return { label, thread: g.thread, pc: vcpu.nip, msr: vcpu.msr, vcpu, machine: m };
  }

  /** How many times the transcript matches `re` (global). */
  count(re: RegExp): number {
    return [...this.session.gdbLines.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))].length;
  }
}
