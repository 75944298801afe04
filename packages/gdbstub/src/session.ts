/**
 * One GDB connection: framing + command dispatch against a Target.
 *
 * States: `idle` (connected, no packet yet; the target is stopped), `stopped`,
 * `running` (a c/s/vCont is in flight; its reply is the stop reply sent when the
 * target reports the stop), `detached` (after D, k, vKill, a `W` or a transport close).
 *
 * The end of the guest (target.onExit) answers a resume in flight with
 * `W<status>[;process:1]` instead of a stop reply, so GDB prints "exited with code N"
 * rather than "Remote connection closed"; an end while stopped is reported by the next
 * `?` or resume. After a `W` the session is over (the transport closes it).
 *
 * Packets are handled strictly one after another (a promise chain), so a packet that
 * arrives while running waits for the stop. The interrupt byte (0x03) bypasses the
 * queue and calls target.interrupt() while running. Nothing thrown by a parser,
 * handler or the Target escapes: a failing handler replies `E01`.
 *
 * Handler groups (one per capability): registers, memory, breakpoints, execution,
 * threads, queries, monitor. All-stop only (no non-stop mode).
 */
import { encodePacket, FrameDecoder } from './framing.js';
import { bytesLatin1, latin1Bytes, toHex } from './hex.js';
import { parseCommand, type Command, type ThreadId } from './commands/index.js';
import { formatThreadId, resolveThread, threadMatches, PID } from './commands/thread-id.js';
import { EXPEDITED_REGISTERS, G_PACKET_SIZE, REG_PC, registerInfo } from './regmap.js';
import { TARGET_XML } from './target-xml.js';
import { SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER, type StopEvent, type Target, type VcpuAction } from './target.js';

export type SessionState = 'idle' | 'running' | 'stopped' | 'detached';

export interface SessionOptions {
  /** Called once when the session detaches (D, k, vKill, after W): the transport should close the connection. */
  onDetach?: () => void;
  /** Diagnostics (handler errors, ignored input). */
  log?: (message: string) => void;
}

/** Largest packet we accept and advertise (PacketSize, hex 0x4000). */
export const PACKET_SIZE = 0x4000;
/** Largest `m` read: its hex reply must fit PacketSize. */
const MAX_READ = (PACKET_SIZE - 8) >> 1;

export const SUPPORTED_FEATURES = [
  `PacketSize=${PACKET_SIZE.toString(16)}`,
  'QStartNoAckMode+',
  'multiprocess+',
  'swbreak+',
  'hwbreak+',
  'vContSupported+',
  'qXfer:features:read+',
  'qXfer:threads:read+',
];

const E01 = 'E01';
const EFAULT = 'E0e';
const SIGTRAP = 5;
/** QEMU's answer when Qqemu.sstep asks for flags the target does not support (EINVAL). */
const E22 = 'E22';

/** What ends a resume: a stop, the end of the guest, or the connection going away. */
type ResumeOutcome = { stop: StopEvent } | { exit: number } | undefined;

export class Session {
  private _state: SessionState = 'idle';
  private readonly decoder = new FrameDecoder(PACKET_SIZE * 2);
  private noAck = false;
  private multiprocess = false;
  private clientFeatures = new Set<string>();
  /** Thread for g/G/p/P/m/M/X ('any' = the last stop thread). */
  private gThread: number | 'any' = 'any';
  /** Thread for legacy c/s. */
  private cThread: number | 'any' = 'any';
  private lastStop: StopEvent | undefined;
  private lastReply: Uint8Array | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopWaiter: ((outcome: ResumeOutcome) => void) | undefined;
  /** The guest's exit status once it has ended. */
  private exitStatus: number | undefined;
  private readonly unsubscribeStop: () => void;
  private readonly unsubscribeExit: () => void;
  private closed = false;

  constructor(
    private readonly target: Target,
    private readonly send: (bytes: Uint8Array) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.unsubscribeStop = target.onStop((ev) => this.onTargetStop(ev));
    this.unsubscribeExit = target.onExit((status) => this.onTargetExit(status));
  }

  private unsubscribe(): void {
    this.unsubscribeStop();
    this.unsubscribeExit();
  }

  get state(): SessionState {
    return this._state;
  }

  /** Bytes from the transport. Never throws. */
  receive(bytes: Uint8Array): void {
    if (this.closed) return;
    for (const ev of this.decoder.push(bytes)) {
      switch (ev.type) {
        case 'ack':
          break;
        case 'nak':
          if (!this.noAck && this.lastReply) this.write(this.lastReply);
          break;
        case 'interrupt':
          if (this._state === 'running') this.target.interrupt().catch((e) => this.log(`interrupt: ${String(e)}`));
          break;
        case 'bad-checksum':
        case 'overflow':
          if (!this.noAck) this.write(latin1Bytes('-'));
          break;
        case 'packet': {
          if (!this.noAck) this.write(latin1Bytes('+'));
          const payload = bytesLatin1(ev.payload);
          this.chain = this.chain.then(() => this.handlePacket(payload));
          break;
        }
      }
    }
  }

  /** Resolves when every packet received so far has been handled. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** The transport is gone: detach the target unless already detached. Never throws. */
  async close(): Promise<void> {
    this.closed = true;
    if (this._state === 'detached') return;
    this._state = 'detached';
    this.unsubscribe();
    this.stopWaiter?.(undefined);
    this.stopWaiter = undefined;
    try {
      await this.target.detach();
    } catch (e) {
      this.log(`detach: ${String(e)}`);
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private write(bytes: Uint8Array): void {
    try {
      this.send(bytes);
    } catch (e) {
      this.log(`send: ${String(e)}`);
    }
  }

  private reply(payload: string): void {
    const bytes = encodePacket(payload);
    this.lastReply = bytes;
    this.write(bytes);
  }

  private async handlePacket(payload: string): Promise<void> {
    if (this._state === 'detached') return;
    let reply: string | null;
    try {
      if (this._state === 'idle') this._state = 'stopped';
      reply = await this.dispatch(parseCommand(payload));
    } catch (e) {
      this.log(`packet ${JSON.stringify(payload.slice(0, 40))}: ${String(e)}`);
      if (this._state === 'running') this._state = 'stopped';
      reply = E01;
    }
    if (reply !== null && !this.closed) this.reply(reply);
    // D / k / vKill: tell the transport to close only after the reply went out.
    if (this.state === 'detached' && !this.closed) {
      this.closed = true;
      try {
        this.options.onDetach?.();
      } catch (e) {
        this.log(`onDetach: ${String(e)}`);
      }
    }
    if (payload === 'QStartNoAckMode' && reply === 'OK') this.noAck = true;
  }

  /** Returns the reply payload, or null for none (k). */
  private async dispatch(cmd: Command): Promise<string | null> {
    switch (cmd.kind) {
      case 'malformed':
        return E01;
      case 'unknown':
        return '';
      // --- registers
      case 'readRegisters':
      case 'writeRegisters':
      case 'readRegister':
      case 'writeRegister':
        return this.registers(cmd);
      // --- memory
      case 'readMemory':
      case 'writeMemory':
        return this.memory(cmd);
      // --- breakpoints
      case 'breakpoint':
        return this.breakpoint(cmd);
      // --- execution
      case 'haltReason':
        if (this.exitStatus !== undefined) return this.exitReply(this.exitStatus);
        return this.stopReply(this.lastStop ?? { vcpu: 0, reason: 'signal', signal: SIGTRAP });
      case 'continue':
      case 'step':
      case 'vContQuery':
      case 'vCont':
        return this.execution(cmd);
      // --- threads
      case 'setThread':
      case 'threadAlive':
      case 'currentThread':
      case 'threadInfoFirst':
      case 'threadInfoNext':
        return this.threads(cmd);
      // --- queries
      case 'supported':
      case 'attached':
      case 'startNoAckMode':
      case 'xferRead':
      case 'detach':
      case 'kill':
      case 'vKill':
        return this.queries(cmd);
      // --- monitor and QEMU's single-step flags
      case 'monitor':
        return this.monitor(cmd.command);
      case 'sstepBits':
      case 'sstepQuery':
      case 'sstepSet':
        return this.sstep(cmd);
    }
  }

  // ------------------------------------------------------------------ helpers

  private async count(): Promise<number> {
    return this.target.vcpuCount();
  }

  private defaultVcpu(): number {
    return this.lastStop?.vcpu ?? 0;
  }

  private currentG(): number {
    return this.gThread === 'any' ? this.defaultVcpu() : this.gThread;
  }

  private thread(vcpu: number): string {
    return formatThreadId(vcpu, this.multiprocess);
  }

  // ------------------------------------------------------------------ registers

  private async registers(cmd: Extract<Command, { kind: 'readRegisters' | 'writeRegisters' | 'readRegister' | 'writeRegister' }>): Promise<string> {
    const vcpu = this.currentG();
    switch (cmd.kind) {
      case 'readRegisters':
        return toHex(await this.target.readRegisters(vcpu));
      case 'writeRegisters':
        if (cmd.data.length !== G_PACKET_SIZE) return E01;
        await this.target.writeRegisters(vcpu, cmd.data);
        return 'OK';
      case 'readRegister': {
        if (!registerInfo(cmd.regnum)) return E01;
        const bytes = await this.target.readRegister(vcpu, cmd.regnum);
        return bytes ? toHex(bytes) : E01;
      }
      case 'writeRegister': {
        const info = registerInfo(cmd.regnum);
        if (!info || info.size !== cmd.data.length) return E01;
        return (await this.target.writeRegister(vcpu, cmd.regnum, cmd.data)) ? 'OK' : E01;
      }
    }
  }

  // ------------------------------------------------------------------ memory

  private async memory(cmd: Extract<Command, { kind: 'readMemory' | 'writeMemory' }>): Promise<string> {
    const vcpu = this.currentG();
    if (cmd.kind === 'readMemory') {
      const length = Math.min(cmd.length, MAX_READ);
      if (length === 0) return '';
      const bytes = await this.target.readMemory(vcpu, cmd.addr, length);
      return bytes.length === 0 ? EFAULT : toHex(bytes.subarray(0, length));
    }
    if (cmd.length === 0) return 'OK'; // X probe
    return (await this.target.writeMemory(vcpu, cmd.addr, cmd.data)) ? 'OK' : EFAULT;
  }

  // ------------------------------------------------------------------ breakpoints

  private async breakpoint(cmd: Extract<Command, { kind: 'breakpoint' }>): Promise<string> {
    const t = this.target;
    let ok: boolean;
    switch (cmd.type) {
      case 0:
      case 1: {
        const kind = cmd.type === 0 ? 'sw' : 'hw';
        ok = cmd.insert ? await t.insertBreakpoint(kind, cmd.addr, cmd.size) : await t.removeBreakpoint(kind, cmd.addr, cmd.size);
        break;
      }
      default: {
        const kind = cmd.type === 2 ? 'write' : cmd.type === 3 ? 'read' : 'access';
        if (cmd.size === 0) return E01;
        ok = cmd.insert ? await t.insertWatchpoint(kind, cmd.addr, cmd.size) : await t.removeWatchpoint(kind, cmd.addr, cmd.size);
      }
    }
    return ok ? 'OK' : E01;
  }

  // ------------------------------------------------------------------ execution

  private async execution(cmd: Extract<Command, { kind: 'continue' | 'step' | 'vContQuery' | 'vCont' }>): Promise<string | null> {
    if (cmd.kind === 'vContQuery') return 'vCont;c;C;s;S;t';
    const n = await this.count();
    let actions: VcpuAction[];
    if (cmd.kind === 'vCont') {
      actions = vcontActions(cmd.actions, n);
    } else {
      // Legacy c/s: `c` resumes every vCPU; `s` steps the Hc thread (others stay stopped).
      const who = this.cThread === 'any' ? this.defaultVcpu() : this.cThread;
      if (cmd.addr !== undefined) {
        const le = await this.target.isLittleEndian(who);
        if (!(await this.target.writeRegister(who, REG_PC, u64Bytes(cmd.addr, le)))) return E01;
      }
      actions = Array.from({ length: n }, (_, i) => (cmd.kind === 'continue' ? 'continue' : i === who ? 'step' : 'stop'));
    }
    if (this.exitStatus !== undefined) return this.exitReply(this.exitStatus);
    if (actions.every((a) => a === 'stop')) {
      // Nothing to run (e.g. vCont;t in all-stop): report the current stop at once.
      return this.stopReply({ vcpu: this.defaultVcpu(), reason: 'signal', signal: 0 });
    }
    const outcome = new Promise<ResumeOutcome>((resolve) => (this.stopWaiter = resolve));
    this._state = 'running';
    try {
      await this.target.resume(actions);
    } catch (e) {
      this.stopWaiter = undefined;
      this._state = 'stopped';
      throw e;
    }
    const ended = await outcome;
    if (!ended) return null; // closed while running: no reply
    if ('exit' in ended) return this.exitReply(ended.exit);
    return this.stopReply(ended.stop);
  }

  private onTargetStop(ev: StopEvent): void {
    this.lastStop = ev;
    this.gThread = this.cThread = ev.vcpu;
    if (this._state === 'running') this._state = 'stopped';
    const w = this.stopWaiter;
    this.stopWaiter = undefined;
    w?.({ stop: ev });
  }

  private onTargetExit(status: number): void {
    if (this.exitStatus !== undefined) return;
    this.exitStatus = status;
    if (this._state === 'running') this._state = 'stopped';
    const w = this.stopWaiter;
    this.stopWaiter = undefined;
    w?.({ exit: status });
  }

  /**
   * `W<status>` (`;process:1` in multiprocess mode). The session is over afterwards:
   * nothing is left to debug, and the guest's end needs no detach.
   */
  private exitReply(status: number): string {
    this._state = 'detached';
    this.unsubscribe();
    const s = `W${(status & 0xff).toString(16).padStart(2, '0')}`;
    return this.multiprocess ? `${s};process:${PID.toString(16)}` : s;
  }

  /** `TSSthread:p1.T;40:...;1:...;43:...;41:...;reason;` */
  private async stopReply(ev: StopEvent): Promise<string> {
    let s = `T${(ev.signal & 0xff).toString(16).padStart(2, '0')}thread:${this.thread(ev.vcpu)};`;
    for (const regnum of EXPEDITED_REGISTERS) {
      const bytes = await this.target.readRegister(ev.vcpu, regnum);
      if (bytes) s += `${regnum.toString(16)}:${toHex(bytes)};`;
    }
    const addr = (ev.address ?? 0n).toString(16);
    switch (ev.reason) {
      case 'swbreak':
        if (this.clientFeatures.has('swbreak+')) s += 'swbreak:;';
        break;
      case 'hwbreak':
        if (this.clientFeatures.has('hwbreak+')) s += 'hwbreak:;';
        break;
      case 'watch':
      case 'rwatch':
      case 'awatch':
        s += `${ev.reason}:${addr};`;
        break;
      default:
        break;
    }
    return s;
  }

  // ------------------------------------------------------------------ threads

  private async threads(cmd: Extract<Command, { kind: 'setThread' | 'threadAlive' | 'currentThread' | 'threadInfoFirst' | 'threadInfoNext' }>): Promise<string> {
    const n = await this.count();
    switch (cmd.kind) {
      case 'setThread': {
        const v = resolveThread(cmd.thread, n);
        if (v === undefined) return E01;
        if (cmd.op === 'g') this.gThread = v;
        else this.cThread = v;
        return 'OK';
      }
      case 'threadAlive':
        return typeof resolveThread(cmd.thread, n) === 'number' ? 'OK' : E01;
      case 'currentThread':
        return `QC${this.thread(this.defaultVcpu())}`;
      case 'threadInfoFirst':
        return 'm' + Array.from({ length: n }, (_, i) => this.thread(i)).join(',');
      case 'threadInfoNext':
        return 'l';
    }
  }

  // ------------------------------------------------------------------ queries

  private async queries(cmd: Extract<Command, { kind: 'supported' | 'attached' | 'startNoAckMode' | 'xferRead' | 'detach' | 'kill' | 'vKill' }>): Promise<string | null> {
    switch (cmd.kind) {
      case 'supported':
        this.clientFeatures = new Set(cmd.features);
        this.multiprocess = this.clientFeatures.has('multiprocess+');
        return SUPPORTED_FEATURES.join(';');
      case 'attached':
        return '1';
      case 'startNoAckMode':
        return 'OK';
      case 'xferRead': {
        let doc: string;
        if (cmd.object === 'features' && cmd.annex === 'target.xml') doc = TARGET_XML;
        else if (cmd.object === 'threads' && cmd.annex === '') doc = await this.threadsXml();
        else if (cmd.object === 'features' || cmd.object === 'threads') return 'E00';
        else return '';
        return xferWindow(doc, cmd.offset, cmd.length);
      }
      case 'detach':
        if (cmd.pid !== undefined && cmd.pid !== PID) return E01;
        await this.finish(() => this.target.detach());
        return 'OK';
      case 'vKill':
        if (cmd.pid !== PID) return E01;
        await this.finish(() => this.target.kill());
        return 'OK';
      case 'kill':
        await this.finish(() => this.target.kill());
        return null;
    }
  }

  private async finish(action: () => Promise<void>): Promise<void> {
    this._state = 'detached';
    this.unsubscribe();
    await action();
  }

  private async threadsXml(): Promise<string> {
    const n = await this.count();
    let s = '<?xml version="1.0"?>\n<threads>\n';
    for (let i = 0; i < n; i++) s += `<thread id="${formatThreadId(i, this.multiprocess)}" core="${i}" name="vcpu${i}"/>\n`;
    return s + '</threads>\n';
  }

  // ------------------------------------------------------------------ monitor

  private async monitor(command: string): Promise<string> {
    const text = await this.target.monitor(command);
    return text.length === 0 ? 'OK' : toHex(latin1Bytes(text));
  }

  // ------------------------------------------------------------------ QEMU's sstep flags

  private async sstep(cmd: Extract<Command, { kind: 'sstepBits' | 'sstepQuery' | 'sstepSet' }>): Promise<string> {
    switch (cmd.kind) {
      case 'sstepBits':
        return `ENABLE=${SSTEP_ENABLE.toString(16)},NOIRQ=${SSTEP_NOIRQ.toString(16)},NOTIMER=${SSTEP_NOTIMER.toString(16)}`;
      case 'sstepQuery':
        return `0x${(await this.target.stepFlags()).toString(16)}`;
      case 'sstepSet':
        return (await this.target.setStepFlags(cmd.flags)) ? 'OK' : E22;
    }
  }
}

/** vCont's rule: per vCPU, the first action (left to right) whose thread matches wins; no match = stop. */
export function vcontActions(actions: readonly { kind: string; thread?: ThreadId }[], count: number): VcpuAction[] {
  const out: VcpuAction[] = [];
  for (let v = 0; v < count; v++) {
    const a = actions.find((x) => !x.thread || threadMatches(x.thread, v));
    out.push(!a || a.kind === 't' ? 'stop' : a.kind === 'c' || a.kind === 'C' ? 'continue' : 'step');
  }
  return out;
}

/** qXfer window: `m` + data when more follows, `l` + data for the last (or empty) chunk. */
export function xferWindow(doc: string, offset: number, length: number): string {
  if (offset >= doc.length) return 'l';
  const chunk = doc.slice(offset, offset + length);
  return (offset + length < doc.length ? 'm' : 'l') + chunk;
}

function u64Bytes(v: bigint, littleEndian: boolean): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), littleEndian);
  return b;
}
