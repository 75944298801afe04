import { SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER, type Target, type VcpuAction, type StopEvent, type BreakpointKind, type WatchpointKind } from '@hvstep/gdbstub';
import {
  encodeGuestDebug, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW_BP,
  KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ, KVMPPC_DEBUG_WATCH_WRITE, KVM_REG_PPC_DEBUG_INST, type Vcpu,
} from '@hvstep/hypervisor';
import { W_MSR, MSR_LE } from '@hvstep/emulator-core';
import type { Machine } from '../machine.js';
import { GuestView } from './guest-view.js';
import { runMonitorCommand, type MonitorHost, type StepMode } from './monitor.js';
import { readAllRegisters, writeAllRegisters, readRegister, writeRegister } from './registers.js';

interface SoftwareBreakpoint { realAddress: number; original: Uint8Array; uses: number }

/**
 * The machine as GDB's target (all-stop). Software breakpoints are VM-global with
 * use counts: the debug instruction from KVM_REG_PPC_DEBUG_INST is written over the
 * original word (0x00dddd00 reads the same in both byte orders, so code of either
 * endianness can be patched) and the original comes back when the count reaches 0.
 * Hardware breakpoints and watchpoints use the hypervisor's comparators (USE_HW_BP).
 * A step asks the hypervisor for KVM_GUESTDBG_SINGLESTEP: native on the `pr` model;
 * on `hv` the flag is ignored, as on real KVM-HV, and the step runs on (the failure
 * the emulated single step of the spec exists to fix).
 */
export class MachineDebugTarget implements Target, MonitorHost {
  stepMode: StepMode;
  sstepFlags = SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER;
  private readonly view: GuestView;
  private readonly softwareBreakpoints = new Map<string, SoftwareBreakpoint>();
  private readonly hardware: { addr: bigint; type: number }[] = [];
  private readonly listeners = new Set<(event: StopEvent) => void>();
  private stepping = new Set<number>();

  constructor(readonly machine: Machine, options: { stepMode?: StepMode } = {}) {
    this.stepMode = options.stepMode ?? (machine.vm.model === 'pr' ? 'native' : 'emulated');
    this.view = new GuestView(machine.vm);
    machine.debugListener = (exit, vcpu) => { void this.onDebugExit(exit.status, exit.address, exit.exception, vcpu); };
  }

  private vcpu(index: number): Vcpu {
    const v = this.machine.vm.vcpus[index];
    if (!v) throw new RangeError(`no vCPU ${index}`);
    return v;
  }

  /** Stops every vCPU and the guest clock: time does not pass for a guest held by the debugger. */
  private async stopGuest(): Promise<void> {
    await this.machine.stopAll();
    this.machine.vm.pauseClock();
  }

  private async onDebugExit(status: number, address: bigint, exception: number, vcpu: Vcpu): Promise<void> {
    await this.stopGuest();
    let event: StopEvent;
    if (status & KVMPPC_DEBUG_BREAKPOINT) event = { vcpu: vcpu.index, reason: 'hwbreak', signal: 5 };
    else if ((status & KVMPPC_DEBUG_WATCH_WRITE) && (status & KVMPPC_DEBUG_WATCH_READ)) event = { vcpu: vcpu.index, reason: 'awatch', address, signal: 5 };
    else if (status & KVMPPC_DEBUG_WATCH_WRITE) event = { vcpu: vcpu.index, reason: 'watch', address, signal: 5 };
    else if (status & KVMPPC_DEBUG_WATCH_READ) event = { vcpu: vcpu.index, reason: 'rwatch', address, signal: 5 };
    else if (exception === 0xe40) event = { vcpu: vcpu.index, reason: 'swbreak', signal: 5 };
    else event = { vcpu: vcpu.index, reason: 'step', signal: 5 };
    for (const l of this.listeners) l(event);
  }

  async vcpuCount(): Promise<number> { return this.machine.vm.vcpus.length; }
  async isLittleEndian(vcpu: number): Promise<boolean> { return (this.vcpu(vcpu).state.w[W_MSR]! & MSR_LE) !== 0; }
  async readRegisters(vcpu: number): Promise<Uint8Array> { return readAllRegisters(this.vcpu(vcpu)); }
  async writeRegisters(vcpu: number, data: Uint8Array): Promise<void> { writeAllRegisters(this.vcpu(vcpu), data); }
  async readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined> { return readRegister(this.vcpu(vcpu), regnum); }
  async writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean> { return writeRegister(this.vcpu(vcpu), regnum, data); }

  async readMemory(vcpu: number, addr: bigint, length: number): Promise<Uint8Array> {
    const v = this.vcpu(vcpu);
    const bytes = this.view.read(v, addr, length);
    // show the guest's own instructions, not the planted breakpoints
    for (let i = 0; i < bytes.length; i++) {
      const pa = this.view.realAddress(v, addr + BigInt(i));
      for (const bp of this.softwareBreakpoints.values()) {
        if (pa !== undefined && pa >= bp.realAddress && pa < bp.realAddress + 4) bytes[i] = bp.original[pa - bp.realAddress]!;
      }
    }
    return bytes;
  }

  async writeMemory(vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean> {
    return this.view.write(this.vcpu(vcpu), addr, data);
  }

  async resume(actions: readonly VcpuAction[]): Promise<void> {
    const release: number[] = [];
    this.stepping = new Set();
    actions.forEach((action, index) => {
      const vcpu = this.machine.vm.vcpus[index];
      if (!vcpu || action === 'stop') return;
      if (action === 'step') this.stepping.add(index);
      this.applyGuestDebug(vcpu, action === 'step');
      release.push(index);
    });
    if (release.length > 0) this.machine.vm.resumeClock();
    this.machine.release(release);
  }

  async interrupt(): Promise<void> {
    await this.stopGuest();
    const first = this.machine.startedVcpus[0] ?? 0;
    for (const l of this.listeners) l({ vcpu: first, reason: 'signal', signal: 2 });
  }

  private debugWord(): Uint8Array {
    const word = Number(this.vcpu(0).getOneReg(KVM_REG_PPC_DEBUG_INST));
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, word, false);
    return bytes; // 00 dd dd 00: the same in either byte order
  }

  async insertBreakpoint(kind: BreakpointKind, addr: bigint, length: number): Promise<boolean> {
    if (kind === 'hw') {
      if (this.hardware.filter((h) => h.type === KVMPPC_DEBUG_BREAKPOINT).length >= 4) return false;
      this.hardware.push({ addr, type: KVMPPC_DEBUG_BREAKPOINT });
      this.applyAll();
      return true;
    }
    const vcpu = this.vcpu(this.machine.startedVcpus[0] ?? 0);
    const pa = this.view.realAddress(vcpu, addr);
    if (pa === undefined || length !== 4) return false;
    const key = String(pa);
    const existing = this.softwareBreakpoints.get(key);
    if (existing) { existing.uses++; return true; }
    const original = this.machine.vm.memory.readBytes(pa, 4);
    this.machine.vm.memory.writeBytes(pa, this.debugWord());
    this.softwareBreakpoints.set(key, { realAddress: pa, original, uses: 1 });
    this.applyAll();
    return true;
  }

  async removeBreakpoint(kind: BreakpointKind, addr: bigint, _length: number): Promise<boolean> {
    if (kind === 'hw') {
      const i = this.hardware.findIndex((h) => h.addr === addr && h.type === KVMPPC_DEBUG_BREAKPOINT);
      if (i < 0) return false;
      this.hardware.splice(i, 1);
      this.applyAll();
      return true;
    }
    const vcpu = this.vcpu(this.machine.startedVcpus[0] ?? 0);
    const pa = this.view.realAddress(vcpu, addr);
    const bp = pa === undefined ? undefined : this.softwareBreakpoints.get(String(pa));
    if (!bp) return false;
    if (--bp.uses === 0) {
      this.machine.vm.memory.writeBytes(bp.realAddress, bp.original);
      this.softwareBreakpoints.delete(String(bp.realAddress));
    }
    this.applyAll();
    return true;
  }

  async insertWatchpoint(kind: WatchpointKind, addr: bigint, _length: number): Promise<boolean> {
    if (this.hardware.filter((h) => h.type !== KVMPPC_DEBUG_BREAKPOINT).length >= 4) return false;
    this.hardware.push({ addr, type: watchType(kind) });
    this.applyAll();
    return true;
  }

  async removeWatchpoint(kind: WatchpointKind, addr: bigint, _length: number): Promise<boolean> {
    const i = this.hardware.findIndex((h) => h.addr === addr && h.type === watchType(kind));
    if (i < 0) return false;
    this.hardware.splice(i, 1);
    this.applyAll();
    return true;
  }

  /** Removes every debugger breakpoint and setting and lets the VM run on. */
  async detach(): Promise<void> {
    for (const bp of this.softwareBreakpoints.values()) this.machine.vm.memory.writeBytes(bp.realAddress, bp.original);
    this.softwareBreakpoints.clear();
    this.hardware.length = 0;
    this.stepping.clear();
    for (const v of this.machine.vm.vcpus) if (!v.running) v.setGuestDebug(encodeGuestDebug(0, []));
    this.machine.vm.resumeClock();
    this.machine.release(this.machine.vm.vcpus.map((v) => v.index));
  }

  async kill(): Promise<void> { this.machine.kill(); }

  async monitor(command: string): Promise<string> { return runMonitorCommand(this, command); }

  onStop(listener: (event: StopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  onExit(listener: (status: number) => void): () => void { return this.machine.onFinish(listener); }

  async stepFlags(): Promise<number> { return this.sstepFlags; }

  async setStepFlags(flags: number): Promise<boolean> {
    if ((flags & ~(SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER)) !== 0) return false;
    this.sstepFlags = flags;
    return true;
  }

  private applyAll(): void {
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, this.stepping.has(v.index));
  }

  private applyGuestDebug(vcpu: Vcpu, step: boolean): void {
    let control = 0;
    if (this.softwareBreakpoints.size > 0 || step) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
    if (this.hardware.length > 0) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
    if (step) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
    vcpu.setGuestDebug(encodeGuestDebug(control, this.hardware));
  }
}

function watchType(kind: WatchpointKind): number {
  if (kind === 'write') return KVMPPC_DEBUG_WATCH_WRITE;
  if (kind === 'read') return KVMPPC_DEBUG_WATCH_READ;
  return KVMPPC_DEBUG_WATCH_READ | KVMPPC_DEBUG_WATCH_WRITE;
}
