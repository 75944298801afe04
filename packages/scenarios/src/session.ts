import { Machine, MachineDebugTarget, type ConsoleIo } from '@hvstep/vmm';
import type { Engine } from '@hvstep/emulator-core';
import { GdbTcpServer, type StopEvent } from '@hvstep/gdbstub';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { probingTarget, type MachineSnapshot } from './probe-target.js';
import { runGdb } from './gdb-process.js';
import { findDebugWords } from './memory-scan.js';
import { FIRMWARE_ELF, KERNEL_ELF, GUEST_DIR } from './paths.js';

/** The bundled guest (its firmware and kernel), or Debian's Linux kernel with the busybox initramfs. */
export type SessionGuest =
  | { readonly kind: 'bundled'; readonly bootargs?: string }
  | { readonly kind: 'linux'; readonly kernel: string; readonly initrd: string; readonly bootargs: string; readonly textBytes: number };

export interface SessionOptions {
  readonly smp: number;
  readonly accel: HypervisorModel;
  readonly guest: SessionGuest;
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
  /** GDB's output in arrival order (failure reports). */
  readonly transcript: string;
  /** GDB's output stream by stream, every line whole (what the checks match). */
  readonly gdbLines: string;
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

/** Bundled guest: RAM scanned for left-over breakpoints (the kernel, its page tables and stacks, the firmware: below 32 MiB). */
const SCANNED_BYTES = 32 << 20;
/** How long the whole run may take (the guest's boot, the GDB session, the run to power-off after detach). */
const GUEST_TIMEOUT_MS = { bundled: 90_000, linux: 600_000 } as const;
/** How long one gdb-multiarch session may take (a Linux session waits for the kernel to boot). */
const GDB_WATCHDOG_MS = { bundled: 100_000, linux: 420_000 } as const;

function machineFor(o: SessionOptions, console: ConsoleIo, report: (line: string) => void): Machine {
  const common = { smp: o.smp, accel: o.accel, console, report, timeoutMs: GUEST_TIMEOUT_MS[o.guest.kind], ...(o.engine ? { engine: o.engine } : {}) };
  return o.guest.kind === 'bundled'
    ? new Machine({ ...common, memoryBytes: 256 << 20, firmware: FIRMWARE_ELF, kernel: KERNEL_ELF, bootargs: o.guest.bootargs })
    : new Machine({ ...common, memoryBytes: 1 << 30, kernel: o.guest.kernel, initrd: o.guest.initrd, bootargs: o.guest.bootargs });
}

/**
 * Where the debug instruction is left in guest memory at the end: every real address
 * a breakpoint was ever planted at (by GDB or by the emulated step), and the code the
 * guest keeps for its life (the bundled guest's low 32 MiB; the Linux kernel's text).
 */
function strayWords(machine: Machine, guest: SessionGuest, planted: ReadonlySet<number>): number[] {
  const memory = machine.vm.memory;
  const scanned = guest.kind === 'bundled' ? SCANNED_BYTES : guest.textBytes;
  const stray = new Set(findDebugWords(memory.readBytes(0, Math.min(scanned, memory.size)), 0));
  for (const at of planted) if (findDebugWords(memory.readBytes(at, 4), at).length > 0) stray.add(at);
  return [...stray].sort((a, b) => a - b);
}

class BufferConsole implements ConsoleIo {
  private readonly decoder = new TextDecoder();
  out = '';
  write(bytes: Uint8Array): void { this.out += this.decoder.decode(bytes, { stream: true }); }
  read(): Uint8Array { return new Uint8Array(0); }
}

/**
 * Boots the guest paused behind a GDB stub on an ephemeral port (as
 * `hvstep run -S --gdb 0` would), runs one gdb-multiarch batch session against it,
 * lets the guest run to its end, and collects what the scenario checks.
 */
export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const console = new BufferConsole();
  const machine = machineFor(o, console, (line) => { console.out += `${line}\n`; });
  const debugTarget = new MachineDebugTarget(machine, o.stepMode ? { stepMode: o.stepMode } : {});
  // every real address that ever held a breakpoint word, checked again at the end
  const planted = new Set<number>();
  const table = debugTarget.breakpoints;
  const insert = table.insert.bind(table);
  table.insert = (realAddress, owner) => { planted.add(realAddress); insert(realAddress, owner); };
  const { target, probes, stats } = probingTarget(debugTarget, machine);
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
    const { transcript, lines: gdbLines } = await runGdb(port, o.symbolFile, o.commands, GUEST_DIR, GDB_WATCHDOG_MS[o.guest.kind]);
    // GDB has detached (or died): make sure the guest cannot outlive the session
    if (!machine.ended) await server.close();
    const status = await running;
    const strayBreakpoints = strayWords(machine, o.guest, planted);
    return { transcript, gdbLines, console: console.out, status, probes, steps: stats.steps, stops: stats.stops, debugExits, strayBreakpoints };
  } finally {
    await server.close();
    await machine.destroy();
  }
}
