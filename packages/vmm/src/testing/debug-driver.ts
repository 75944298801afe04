import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StopEvent, VcpuAction } from '@hvstep/gdbstub';
import { KVMPPC_INST_SW_BREAKPOINT, type HypervisorModel, type Vcpu } from '@hvstep/hypervisor';
import { SPR_SRR0, SPR_SRR1 } from '@hvstep/emulator-core';
import { Machine } from '../machine.js';
import { MachineDebugTarget } from '../debug/debug-target.js';
import type { StepMode } from '../debug/monitor.js';
import { readElfSymbols, type ElfSymbol } from '../elf-symbols.js';
import type { ConsoleIo } from '../papr/console.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const KERNEL_ELF = path.join(REPO_ROOT, 'guests/system/kernel.elf');
export const FIRMWARE_ELF = path.join(REPO_ROOT, 'guests/system/firmware.elf');

class BufferConsole implements ConsoleIo {
  out = '';
  write(bytes: Uint8Array): void { this.out += new TextDecoder().decode(bytes); }
  read(): Uint8Array { return new Uint8Array(0); }
}

export interface DriverOptions {
  smp?: number;
  accel?: HypervisorModel;
  stepMode?: StepMode;
  bootargs?: string;
  memoryBytes?: number;
}

/** One vCPU's registers that a step test looks at. */
export interface StepState { nip: bigint; msr: bigint; srr0: bigint; srr1: bigint; lr: bigint; ctr: bigint; cr: number; gpr: bigint[] }

/**
 * Drives the bundled guest through MachineDebugTarget exactly as the GDB stub does
 * (resume with per-vCPU actions, one stop event per resume, all-stop), without GDB:
 * for tests that assert the exact machine state after each step.
 */
export class DebugDriver {
  readonly console = new BufferConsole();
  readonly machine: Machine;
  readonly target: MachineDebugTarget;
  readonly kernel: Map<string, ElfSymbol>;
  readonly firmware: Map<string, ElfSymbol>;
  readonly run: Promise<number>;
  private stops: StopEvent[] = [];
  private waiter: ((e: StopEvent) => void) | undefined;
  private ended = false;

  constructor(options: DriverOptions = {}) {
    this.machine = new Machine({
      smp: options.smp ?? 1, accel: options.accel ?? 'hv', memoryBytes: options.memoryBytes ?? 64 << 20, console: this.console,
      firmware: FIRMWARE_ELF, kernel: KERNEL_ELF, bootargs: options.bootargs, timeoutMs: 120_000,
    });
    this.target = new MachineDebugTarget(this.machine, { stepMode: options.stepMode });
    this.kernel = readElfSymbols(readFileSync(KERNEL_ELF));
    this.firmware = readElfSymbols(readFileSync(FIRMWARE_ELF));
    void this.target.attach();
    this.target.onStop((e) => { if (this.waiter) { const w = this.waiter; this.waiter = undefined; w(e); } else this.stops.push(e); });
    this.target.onExit(() => { this.ended = true; });
    this.run = this.machine.run({ paused: true });
  }

  /** Address of a kernel (or firmware) symbol. */
  sym(name: string): bigint {
    const s = this.kernel.get(name) ?? this.firmware.get(name);
    if (!s) throw new Error(`no symbol ${name}`);
    return s.value;
  }

  /** The local entry of an ELFv2 function (what `break fn` stops at for local calls). */
  local(name: string): bigint { return (this.kernel.get(name) ?? this.firmware.get(name))?.localEntry ?? this.sym(name); }

  vcpu(i: number): Vcpu { return this.machine.vm.vcpus[i]!; }

  state(i = 0): StepState {
    const v = this.vcpu(i), s = v.state;
    return {
      nip: s.nip, msr: s.msr, srr0: v.getSpr(SPR_SRR0), srr1: v.getSpr(SPR_SRR1), lr: s.lr, ctr: s.ctr, cr: Number(s.cr),
      gpr: Array.from({ length: 32 }, (_, n) => s.gpr(n)),
    };
  }

  /** The next stop event (one already reported, or the next one). */
  nextStop(): Promise<StopEvent> {
    const queued = this.stops.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      void this.run.then((status) => { if (this.waiter === resolve) reject(new Error(`the guest ended (status ${status}) before a stop\n${this.console.out}`)); });
    });
  }

  /** Resumes with one action per vCPU and waits for the stop. */
  async resume(actions: VcpuAction[]): Promise<StopEvent> {
    await this.target.resume(actions);
    return this.nextStop();
  }

  actions(stepping: number, others: 'stop' | 'continue', smp = this.machine.vm.vcpus.length): VcpuAction[] {
    return Array.from({ length: smp }, (_, i) => (i === stepping ? 'step' : others));
  }

  async step(vcpu = 0, others: 'stop' | 'continue' = 'stop'): Promise<StopEvent> {
    return this.resume(this.actions(vcpu, others));
  }

  async continueAll(): Promise<StopEvent> {
    return this.resume(this.machine.vm.vcpus.map(() => 'continue'));
  }

  /** Runs every vCPU to a breakpoint at `addr` (inserted, then removed), like GDB's tbreak + continue. */
  async runTo(addr: bigint, kind: 'sw' | 'hw' = 'sw'): Promise<StopEvent> {
    // as GDB does: step off a breakpoint address first
    for (const v of this.machine.vm.vcpus) if (v.state.nip === addr && this.machine.startedVcpus.includes(v.index)) await this.step(v.index);
    if (!(await this.target.insertBreakpoint(kind, addr, 4))) throw new Error(`cannot break at 0x${addr.toString(16)}`);
    let stop: StopEvent;
    do stop = await this.continueAll(); while (this.vcpu(stop.vcpu).state.nip !== addr);
    await this.target.removeBreakpoint(kind, addr, 4);
    return stop;
  }

  /** Real addresses (word-aligned) where the debug instruction (KVMPPC_INST_SW_BREAKPOINT) sits in guest RAM. */
  breakpointWords(): number[] {
    const words = new Uint32Array(this.machine.vm.memory.u8.buffer, 0, this.machine.vm.memory.size >> 2);
    const found: number[] = [];
    for (let i = 0; i < words.length; i++) if (words[i] === KVMPPC_INST_SW_BREAKPOINT) found.push(i * 4);
    return found;
  }

  /** Detaches (the guest runs on) and waits for power-off; returns the exit status. */
  async finish(): Promise<number> {
    await this.target.detach();
    const status = await this.run;
    await this.machine.destroy();
    return status;
  }

  /** Ends the machine without waiting for the guest. */
  async kill(): Promise<void> {
    await this.target.kill();
    await this.run;
    await this.machine.destroy();
  }

  get guestEnded(): boolean { return this.ended; }
}
