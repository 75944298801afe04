import type { Target, StopEvent } from '@hvstep/gdbstub';
import type { Machine } from '@hvstep/vmm';
import { SPR_SRR0, SPR_SRR1, LPCR_AIL_MASK, LPCR_AIL_SHIFT } from '@hvstep/emulator-core';
import { MSR_LE } from './msr.js';
import { isLoadAndReserve } from './gdb-atomic-sequence.js';

const SEQUENCE_WORDS = 16;

/** One vCPU as the machine holds it at a probe (the truth GDB's view is checked against). */
export interface VcpuSnapshot {
  readonly index: number;
  readonly started: boolean;
  readonly nip: bigint;
  readonly msr: bigint;
  readonly srr0: bigint;
  readonly srr1: bigint;
  readonly lr: bigint;
  readonly ctr: bigint;
  readonly gpr: readonly bigint[];
  /** The vCPU's retired-instruction count (exact): whether it ran between two probes, whatever its NIP. */
  readonly retired: bigint;
  /**
   * The instruction word at NIP as the vCPU will fetch it (through its translation,
   * breakpoint words hidden, in its byte order); undefined where it does not translate.
   * The Linux scenarios decode this word: the kernel patches its own code at boot.
   */
  readonly insn?: number;
  /**
   * After a load-and-reserve, the 16 words that follow it (GDB steps the whole atomic
   * sequence and decides where it ends from these words: gdb-atomic-sequence.ts).
   */
  readonly ahead?: readonly number[];
}

export interface MachineSnapshot {
  readonly vcpus: readonly VcpuSnapshot[];
  /** LPCR[AIL] (partition-wide). */
  readonly ail: number;
}

/** The runner's own monitor command: `monitor scenario-probe LABEL`. */
export const PROBE_COMMAND = 'scenario-probe';

/** The word each started vCPU will fetch next, read through the debug target (GDB's view of memory). */
async function instructionWords(inner: Target, snapshot: MachineSnapshot): Promise<MachineSnapshot> {
  const vcpus = await Promise.all(snapshot.vcpus.map(async (v): Promise<VcpuSnapshot> => {
    if (!v.started) return v;
    const bytes = await inner.readMemory(v.index, v.nip, 4);
    if (bytes.length !== 4) return v;
    const le = (v.msr & MSR_LE) !== 0n;
    const insn = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, le);
    if (!isLoadAndReserve(insn)) return { ...v, insn };
    const more = await inner.readMemory(v.index, v.nip + 4n, SEQUENCE_WORDS * 4);
    const view = new DataView(more.buffer, more.byteOffset, more.length);
    const ahead = Array.from({ length: Math.floor(more.length / 4) }, (_, i) => view.getUint32(i * 4, le));
    return { ...v, insn, ahead };
  }));
  return { ...snapshot, vcpus };
}

export function snapshotMachine(machine: Machine): MachineSnapshot {
  const started = new Set(machine.startedVcpus);
  const vcpus = machine.vm.vcpus.map((v): VcpuSnapshot => {
    const s = v.state;
    return {
      index: v.index, started: started.has(v.index), nip: s.nip, msr: s.msr, srr0: s.spr(SPR_SRR0), srr1: s.spr(SPR_SRR1),
      lr: s.lr, ctr: s.ctr, gpr: Array.from({ length: 32 }, (_, n) => s.gpr(n)), retired: s.instructionCount,
    };
  });
  return { vcpus, ail: (machine.vm.partition.lpcrLo & LPCR_AIL_MASK) >>> LPCR_AIL_SHIFT };
}

/**
 * The debug target GDB talks to, seen through the runner: every call goes to the
 * machine's real target, and the runner adds what GDB cannot show (SRR0/SRR1 and
 * the other vCPUs at a stop, through `monitor scenario-probe LABEL`, which
 * snapshots the machine while GDB holds it) and counts what happened (resumes that
 * stepped, stop events). A stub-side hook rather than a GDB command, so that a
 * scenario checks the state the guest will really resume with.
 */
export function probingTarget(inner: Target, machine: Machine): { target: Target; probes: Map<string, MachineSnapshot>; stats: { steps: number; stops: StopEvent[] } } {
  const probes = new Map<string, MachineSnapshot>();
  const stats = { steps: 0, stops: [] as StopEvent[] };
  inner.onStop((event) => { stats.stops.push(event); });
  const target: Target = {
    vcpuCount: () => inner.vcpuCount(),
    isLittleEndian: (v) => inner.isLittleEndian(v),
    readRegisters: (v) => inner.readRegisters(v),
    writeRegisters: (v, d) => inner.writeRegisters(v, d),
    readRegister: (v, n) => inner.readRegister(v, n),
    writeRegister: (v, n, d) => inner.writeRegister(v, n, d),
    readMemory: (v, a, l) => inner.readMemory(v, a, l),
    writeMemory: (v, a, d) => inner.writeMemory(v, a, d),
    attach: () => inner.attach(),
    resume: (actions) => {
      if (actions.includes('step')) stats.steps++;
      return inner.resume(actions);
    },
    interrupt: () => inner.interrupt(),
    detach: (reason) => inner.detach(reason),
    kill: () => inner.kill(),
    onStop: (l) => inner.onStop(l),
    onExit: (l) => inner.onExit(l),
    // the capability groups pass through as they are; only the monitor gains a command
    singleStep: inner.singleStep,
    softwareBreakpoints: inner.softwareBreakpoints,
    hardwareBreakpoints: inner.hardwareBreakpoints,
    watchpoints: inner.watchpoints,
    monitor: {
      run: async (command) => {
        const words = command.trim().split(/\s+/);
        if (words[0] !== PROBE_COMMAND) return inner.monitor ? inner.monitor.run(command) : '';
        const label = words[1] ?? '';
        probes.set(label, await instructionWords(inner, snapshotMachine(machine)));
        return `probe ${label} recorded\n`;
      },
    },
  };
  return { target, probes, stats };
}
