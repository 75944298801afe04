/**
 * An in-memory Target for tests (and for trying GDB against the stub without a machine):
 * N vCPUs with big-endian register files laid out as the `g` packet, one flat memory
 * from address 0, breakpoints in a set. A step advances the vCPU's pc by 4; a continue
 * stops at the first software breakpoint if any, otherwise (continueStops) at once with
 * SIGTRAP, or (not continueStops) runs until interrupt(). Every capability group is
 * there unless the constructor is told to leave some out.
 */
import { G_PACKET_SIZE, REG_PC, registerInfo } from '../regmap.js';
import type {
  BreakpointOps, DetachReason, MonitorOps, NonStopOps, SingleStepOps, StopEvent, Target, TargetCapabilities, VcpuAction, WatchpointKind, WatchpointOps,
} from '../target.js';

/** A capability group, or `stepFlags` (QEMU's sstep packets within the single step). */
export type Capability = keyof TargetCapabilities | 'stepFlags';

export class FakeTarget implements Target {
  readonly regs: Uint8Array[];
  readonly memory: Uint8Array;
  readonly breakpoints = new Set<string>();
  readonly watched = new Set<string>();
  resumes: VcpuAction[][] = [];
  attached = 0;
  detached: DetachReason[] = [];
  killed = 0;
  interrupts = 0;
  /** interrupt() calls made while a resume() had not settled (the stub must never do this). */
  interruptsDuringResume = 0;
  running = false;
  continueStops = true;
  /** false: a step never ends by itself (a step over a wait that nothing wakes); only interrupt() stops it. */
  stepsStop = true;
  /** Milliseconds resume() takes to settle (a machine releasing its vCPUs). */
  resumeDelayMs = 0;
  private resuming = false;
  sstepFlags = 0x7;
  private listeners = new Set<(ev: StopEvent) => void>();
  readonly exitListeners = new Set<(status: number) => void>();

  readonly singleStep?: SingleStepOps;
  readonly softwareBreakpoints?: BreakpointOps;
  readonly hardwareBreakpoints?: BreakpointOps;
  readonly watchpoints?: WatchpointOps;
  readonly monitor?: MonitorOps;
  readonly nonStop?: NonStopOps;
  /** Non-stop mode is on, and which vCPUs run in it. */
  nonStopOn = false;
  readonly runningVcpus = new Set<number>();
  /** The non-stop resume and stop calls, in order (tests check what the stub asked for). */
  readonly nonStopCalls: string[] = [];

  constructor(readonly count = 2, memorySize = 0x10000, without: readonly Capability[] = []) {
    this.regs = Array.from({ length: count }, () => new Uint8Array(G_PACKET_SIZE));
    this.memory = new Uint8Array(memorySize);
    const has = (c: Capability) => !without.includes(c);
    if (has('singleStep')) this.singleStep = has('stepFlags') ? { flags: this.flagOps() } : {};
    if (has('softwareBreakpoints')) this.softwareBreakpoints = this.breakpointOps('sw');
    if (has('hardwareBreakpoints')) this.hardwareBreakpoints = this.breakpointOps('hw');
    if (has('watchpoints')) this.watchpoints = this.watchOps();
    if (has('monitor')) this.monitor = { run: async (command) => this.monitorCommand(command) };
    if (has('nonStop')) this.nonStop = this.nonStopOps();
  }

  private nonStopOps(): NonStopOps {
    return {
      setEnabled: async (on) => {
        this.nonStopOn = on;
        if (!on) this.runningVcpus.clear();
      },
      stopped: async () => Array.from({ length: this.count }, (_, i) => i).filter((i) => !this.runningVcpus.has(i)),
      resume: async (actions) => {
        this.nonStopCalls.push(`resume ${actions.map((a) => a ?? '-').join(',')}`);
        actions.forEach((a, vcpu) => {
          if (a === undefined || this.runningVcpus.has(vcpu)) return;
          this.runningVcpus.add(vcpu);
          if (a === 'step') {
            this.setPc(vcpu, this.pc(vcpu) + 4n);
            setImmediate(() => this.hit({ vcpu, reason: 'step', signal: 5 }));
          }
        });
      },
      stop: async (vcpus, signal) => {
        this.nonStopCalls.push(`stop ${vcpus.join(',')} sig ${signal}`);
        for (const vcpu of vcpus) this.hit({ vcpu, reason: 'signal', signal });
      },
    };
  }

  /** Non-stop: `ev.vcpu` stops (a breakpoint, a step's end) while the others run on; nothing when it is not running. */
  hit(ev: StopEvent): void {
    if (!this.runningVcpus.delete(ev.vcpu)) return;
    for (const l of this.listeners) l(ev);
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
  /** The registers outside the `g` packet (vector, SPRs), per vCPU, zero until written. */
  private readonly extra = new Map<string, Uint8Array>();
  async readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined> {
    const info = registerInfo(regnum);
    if (!info) return undefined;
    if (info.offset >= 0) return this.check(vcpu).slice(info.offset, info.offset + info.size);
    this.check(vcpu);
    return (this.extra.get(`${vcpu}:${regnum}`) ?? new Uint8Array(info.size)).slice();
  }
  async writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean> {
    const info = registerInfo(regnum);
    if (!info || data.length !== info.size || !info.writable) return false;
    if (info.offset >= 0) this.check(vcpu).set(data, info.offset);
    else { this.check(vcpu); this.extra.set(`${vcpu}:${regnum}`, data.slice()); }
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

  async attach(): Promise<void> { this.attached++; }

  async resume(actions: readonly VcpuAction[]): Promise<void> {
    this.resuming = true;
    try {
      if (this.resumeDelayMs > 0) await new Promise((r) => setTimeout(r, this.resumeDelayMs));
      this.start(actions);
    } finally {
      this.resuming = false;
    }
  }

  private start(actions: readonly VcpuAction[]): void {
    this.resumes.push([...actions]);
    this.running = true;
    const stepping = actions.indexOf('step');
    if (stepping >= 0) {
      if (!this.stepsStop) return;
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
    if (this.resuming) this.interruptsDuringResume++;
    // as the machine does: the stop names the stepping vCPU when a step was interrupted
    const stepping = this.resumes.at(-1)?.indexOf('step') ?? -1;
    if (this.running) this.emitSoon({ vcpu: Math.max(stepping, 0), reason: 'signal', signal: 2 });
  }
  /** Reports a stop now (tests use it for watchpoints and hardware breakpoints). */
  stop(ev: StopEvent): void {
    if (!this.running) return;
    this.running = false;
    for (const l of this.listeners) l(ev);
  }
  private emitSoon(ev: StopEvent): void {
    setImmediate(() => this.stop(ev));
  }

  private breakpointOps(kind: 'sw' | 'hw'): BreakpointOps {
    return {
      insert: async (addr) => { this.breakpoints.add(`${kind}:${addr}`); return true; },
      remove: async (addr) => this.breakpoints.delete(`${kind}:${addr}`),
    };
  }
  private watchOps(): WatchpointOps {
    return {
      insert: async (kind: WatchpointKind, addr, len) => { this.watched.add(`${kind}:${addr}:${len}`); return true; },
      remove: async (kind: WatchpointKind, addr, len) => this.watched.delete(`${kind}:${addr}:${len}`),
    };
  }
  private flagOps() {
    return {
      get: async () => this.sstepFlags,
      set: async (flags: number) => {
        if ((flags & ~0x7) !== 0) return false;
        this.sstepFlags = flags;
        return true;
      },
    };
  }
  private monitorCommand(command: string): string {
    if (command === 'fail') throw new Error('monitor failure');
    return command === 'quiet' ? '' : `you said: ${command}\n`;
  }

  async detach(reason: DetachReason): Promise<void> {
    this.detached.push(reason);
    this.nonStopOn = false;
    // everything runs on after the client leaves, in either mode
    for (let i = 0; i < this.count; i++) this.runningVcpus.add(i);
    this.breakpoints.clear();
    this.watched.clear();
    this.running = false;
  }
  async kill(): Promise<void> { this.killed++; }
  onStop(listener: (ev: StopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Ends the fake guest with `status`, as a power-off would. */
  exit(status: number): void { for (const l of [...this.exitListeners]) l(status); }
  onExit(listener: (status: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }
}
