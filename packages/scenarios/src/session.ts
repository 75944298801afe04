import { Machine, MachineDebugTarget, type ConsoleIo } from '@hvstep/vmm';
import type { Engine } from '@hvstep/emulator-core';
import { GdbTcpServer, type StopEvent } from '@hvstep/gdbstub';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { probingTarget, type MachineSnapshot } from './probe-target.js';
import { runGdb } from './gdb-process.js';
import { findDebugWords } from './memory-scan.js';
import { FIRMWARE_ELF, KERNEL_ELF, GUEST_DIR } from './paths.js';

export interface SessionOptions {
  readonly smp: number;
  readonly accel: HypervisorModel;
  readonly bootargs?: string;
  /** The ELF GDB loads for symbols (and its byte order). */
  readonly symbolFile: string;
  readonly commands: readonly string[];
  /** The debug target's single-step method (default: the model's, as `hvstep run` picks it). */
  readonly stepMode?: StepMode;
  /** The vCPUs' execution engine (default: the machine's). */
  readonly engine?: Engine;
}

export type StepMode = 'emulated' | 'native' | 'off';

export interface DebugExit {
  readonly vcpu: number;
  readonly pc: bigint;
  /** 0xe40 for a debug instruction (software breakpoint, the emulated step's breakpoint), 0xd00 for a native step. */
  readonly exception: number;
}

export interface SessionResult {
  readonly transcript: string;
  /** What the guest printed. */
  readonly console: string;
  /** The machine's exit status (the guest's power-off status, 124 on timeout, 1 on failure). */
  readonly status: number;
  /** `monitor scenario-probe LABEL` snapshots, by label. */
  readonly probes: ReadonlyMap<string, MachineSnapshot>;
  /** Resumes in which some vCPU stepped (GDB's stepi, and its steps over breakpoints). */
  readonly steps: number;
  readonly stops: readonly StopEvent[];
  /** Every debug exit the hypervisor delivered (breakpoints, steps, watchpoints), in order. */
  readonly debugExits: readonly DebugExit[];
  /** Real addresses that still hold the debug instruction once the guest has ended. */
  readonly strayBreakpoints: readonly number[];
}

/** RAM scanned for left-over breakpoints: the kernel, its page tables and stacks, and the firmware (below 32 MiB). */
const SCANNED_BYTES = 32 << 20;
/** A guest that runs on after GDB has detached gets this long to power off. */
const GUEST_TIMEOUT_MS = 90_000;

class BufferConsole implements ConsoleIo {
  private readonly decoder = new TextDecoder();
  out = '';
  write(bytes: Uint8Array): void { this.out += this.decoder.decode(bytes, { stream: true }); }
  read(): Uint8Array { return new Uint8Array(0); }
}

/**
 * Boots the bundled guest paused behind a GDB stub on an ephemeral port (as
 * `hvstep run -S --gdb 0` would), runs one gdb-multiarch batch session against it,
 * lets the guest run to its end, and collects what the scenario checks.
 */
export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const console = new BufferConsole();
  const machine = new Machine({
    smp: o.smp, accel: o.accel, memoryBytes: 256 << 20, console, timeoutMs: GUEST_TIMEOUT_MS,
    firmware: FIRMWARE_ELF, kernel: KERNEL_ELF, bootargs: o.bootargs, ...(o.engine ? { engine: o.engine } : {}),
    report: (line) => { console.out += `${line}\n`; },
  });
  const { target, probes, stats } = probingTarget(new MachineDebugTarget(machine, o.stepMode ? { stepMode: o.stepMode } : {}), machine);
  // the debug target installed its listener: see every debug exit before it does
  const debugExits: DebugExit[] = [];
  const listener = machine.debugListener;
  machine.debugListener = (exit, vcpu) => {
    debugExits.push({ vcpu: vcpu.index, pc: exit.pc, exception: exit.exception });
    listener?.(exit, vcpu);
  };
  const server = new GdbTcpServer(target, { port: 0 });
  try {
    const { port } = await server.listen();
    // as hvstep run does: when the guest ends, the stub closes and GDB sees it
    const running = machine.run({ paused: true }).finally(() => server.close());
    const transcript = await runGdb(port, o.symbolFile, o.commands, GUEST_DIR);
    // GDB has detached (or died): make sure the guest cannot outlive the session
    if (!machine.ended) await server.close();
    const status = await running;
    const strayBreakpoints = findDebugWords(machine.vm.memory.readBytes(0, Math.min(SCANNED_BYTES, machine.vm.memory.size)), 0);
    return { transcript, console: console.out, status, probes, steps: stats.steps, stops: stats.stops, debugExits, strayBreakpoints };
  } finally {
    await server.close();
    await machine.destroy();
  }
}
