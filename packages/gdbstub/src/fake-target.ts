/**
 * An in-memory Target for tests (and for trying GDB against the stub without a machine):
 * N vCPUs with big-endian register files laid out as the `g` packet, one flat memory
 * from address 0, breakpoints in a set. A step advances the vCPU's pc by 4; a continue
 * stops at the first software breakpoint if any, otherwise (continueStops) at once with
 * SIGTRAP, or (not continueStops) runs until interrupt().
 */
import { G_PACKET_SIZE, REG_PC, registerInfo } from './regmap.js';
import type { BreakpointKind, StopEvent, Target, VcpuAction, WatchpointKind } from './target.js';

export class FakeTarget implements Target {
  readonly regs: Uint8Array[];
  readonly memory: Uint8Array;
  readonly breakpoints = new Set<string>();
  readonly watchpoints = new Set<string>();
  resumes: VcpuAction[][] = [];
  detached = 0;
  killed = 0;
  interrupts = 0;
  running = false;
  continueStops = true;
  private listeners = new Set<(ev: StopEvent) => void>();

  constructor(readonly count = 2, memorySize = 0x10000) {
    this.regs = Array.from({ length: count }, () => new Uint8Array(G_PACKET_SIZE));
    this.memory = new Uint8Array(memorySize);
  }

  async vcpuCount(): Promise<number> { return this.count; }
  async isLittleEndian(): Promise<boolean> { return false; }

  pc(vcpu: number): bigint {
    const r = registerInfo(REG_PC)!;
    return new DataView(this.regs[vcpu]!.buffer).getBigUint64(r.offset);
  }
  setPc(vcpu: number, v: bigint): void {
    new DataView(this.regs[vcpu]!.buffer).setBigUint64(registerInfo(REG_PC)!.offset, v);
  }
  setReg64(vcpu: number, regnum: number, v: bigint): void {
    new DataView(this.regs[vcpu]!.buffer).setBigUint64(registerInfo(regnum)!.offset, v);
  }

  private check(vcpu: number): Uint8Array {
    const r = this.regs[vcpu];
    if (!r) throw new Error(`no vcpu ${vcpu}`);
    return r;
  }
  async readRegisters(vcpu: number): Promise<Uint8Array> { return this.check(vcpu).slice(); }
  async writeRegisters(vcpu: number, data: Uint8Array): Promise<void> { this.check(vcpu).set(data); }
  async readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined> {
    const info = registerInfo(regnum);
    return info && this.check(vcpu).slice(info.offset, info.offset + info.size);
  }
  async writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean> {
    const info = registerInfo(regnum);
    if (!info || data.length !== info.size) return false;
    this.check(vcpu).set(data, info.offset);
    return true;
  }
  async readMemory(_vcpu: number, addr: bigint, length: number): Promise<Uint8Array> {
    if (addr >= BigInt(this.memory.length)) return new Uint8Array(0);
    const a = Number(addr);
    return this.memory.slice(a, Math.min(a + length, this.memory.length));
  }
  async writeMemory(_vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean> {
    if (addr + BigInt(data.length) > BigInt(this.memory.length)) return false;
    this.memory.set(data, Number(addr));
    return true;
  }

  async resume(actions: readonly VcpuAction[]): Promise<void> {
    this.resumes.push([...actions]);
    this.running = true;
    const stepping = actions.indexOf('step');
    if (stepping >= 0) {
      this.setPc(stepping, this.pc(stepping) + 4n);
      this.emitSoon({ vcpu: stepping, reason: 'step', signal: 5 });
      return;
    }
    const cont = actions.indexOf('continue');
    const bp = [...this.breakpoints].find((k) => k.startsWith('sw:'));
    if (bp) {
      this.setPc(cont, BigInt(bp.split(':')[1]!));
      this.emitSoon({ vcpu: cont, reason: 'swbreak', signal: 5 });
    } else if (this.continueStops) {
      this.emitSoon({ vcpu: cont, reason: 'signal', signal: 5 });
    }
  }
  async interrupt(): Promise<void> {
    this.interrupts++;
    if (this.running) this.emitSoon({ vcpu: 0, reason: 'signal', signal: 2 });
  }
  /** Reports a stop now (tests use it for watchpoints and hardware breakpoints). */
  stop(ev: StopEvent): void {
    this.running = false;
    for (const l of this.listeners) l(ev);
  }
  private emitSoon(ev: StopEvent): void {
    setImmediate(() => this.stop(ev));
  }

  async insertBreakpoint(kind: BreakpointKind, addr: bigint): Promise<boolean> { this.breakpoints.add(`${kind}:${addr}`); return true; }
  async removeBreakpoint(kind: BreakpointKind, addr: bigint): Promise<boolean> { return this.breakpoints.delete(`${kind}:${addr}`); }
  async insertWatchpoint(kind: WatchpointKind, addr: bigint, len: number): Promise<boolean> { this.watchpoints.add(`${kind}:${addr}:${len}`); return true; }
  async removeWatchpoint(kind: WatchpointKind, addr: bigint, len: number): Promise<boolean> { return this.watchpoints.delete(`${kind}:${addr}:${len}`); }
  async detach(): Promise<void> { this.detached++; this.breakpoints.clear(); this.watchpoints.clear(); }
  async kill(): Promise<void> { this.killed++; }
  async monitor(command: string): Promise<string> {
    if (command === 'fail') throw new Error('monitor failure');
    return command === 'quiet' ? '' : `you said: ${command}\n`;
  }
  onStop(listener: (ev: StopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  readonly exitListeners = new Set<(status: number) => void>();
  /** Ends the fake guest with `status`, as a power-off would. */
  exit(status: number): void { for (const l of [...this.exitListeners]) l(status); }
  onExit(listener: (status: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }
  sstepFlags = 0x7;
  async stepFlags(): Promise<number> { return this.sstepFlags; }
  async setStepFlags(flags: number): Promise<boolean> {
    if ((flags & ~0x7) !== 0) return false;
    this.sstepFlags = flags;
    return true;
  }
}
