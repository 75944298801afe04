/**
 * One GDB connection: the connection's state machine and the resume rendezvous. The
 * packets themselves are served by the capability groups in handlers/.
 *
 * States: `idle` (connected, no packet yet; the target is stopped), `stopped`,
 * `running` (a resume is in flight; its reply is the stop reply sent when the target
 * reports the stop), `detached` (after D, k, vKill, a `W` or a transport close).
 *
 * Packets are handled strictly one after another (a promise chain that starts with
 * target.attach()), so a packet that arrives while running waits for the stop.
 * Nothing thrown by a parser, a handler or the target escapes: a failing handler
 * replies `E01`.
 *
 * The rendezvous. A resume ends with the first of: the target's stop, the guest's end
 * (answered `W`), the connection closing. Ctrl-C (0x03) bypasses the packet queue and
 * belongs to the resume it follows: GDB may send it in the same TCP segment as the
 * `vCont` (an MI `-exec-continue` + `-exec-interrupt` pair), i.e. before the queued
 * packet has even started the target. So a 0x03 is honoured at any moment from the
 * receipt of a resume packet to that resume's stop: if the target is running it is
 * interrupted at once; if the resume is still queued or starting, the interrupt is
 * kept and sent as soon as target.resume() has settled (the target contract: no
 * interrupt() before its resume() returns). A 0x03 with no resume to stop is ignored,
 * as QEMU's gdb_read_byte ignores bytes outside packets while the VM is stopped.
 *
 * Waiting. When a reply leaves the session stopped in all-stop mode with nothing left to
 * answer, the transport is told (onAwaitingPacket): the TCP transport then polls its
 * socket briefly for the next packet instead of sleeping (socket-poll.ts).
 *
 * Non-stop mode (after QNonStop:1, handlers/non-stop.ts): no rendezvous. Resumes are
 * answered at once; every stop the target reports becomes a stop reply in the
 * notification queue (stop-notifications.ts), announced as `%Stop`; a 0x03 stops
 * every running vCPU as vCtrlC does; the guest's end is announced as `%Stop:W..` and
 * ends the session.
 */
import { encodeNotification, encodePacket, FrameDecoder } from './framing.js';
import { bytesLatin1, latin1Bytes } from './hex.js';
import { formatThreadId, parseCommand, type Command } from './commands/index.js';
import { HANDLERS, type ConnectionState, type Handler, type Reply, type ResumeOutcome, type SessionContext } from './handlers/index.js';
import { E01, UNSUPPORTED } from './handlers/errors.js';
import { PACKET_SIZE } from './features.js';
import { StopNotifications } from './stop-notifications.js';
import { exitReply, stopReply } from './stop-reply.js';
import { SIGINT, stopRunning } from './handlers/non-stop.js';
import type { StopEvent, Target, VcpuAction } from './target.js';

export type SessionState = 'idle' | 'running' | 'stopped' | 'detached';

export interface SessionOptions {
  /** Called once when the session ends itself (D, k, vKill, after W): the transport should close the connection. */
  onDetach?: () => void;
  /** Diagnostics (handler errors, ignored input). */
  log?: (message: string) => void;
  /**
   * Called when the session has answered every packet received and waits, stopped in
   * all-stop mode, for the client's next one: the transport may poll for it
   * (transport-tcp.ts). It may call receive() synchronously.
   */
  onAwaitingPacket?: () => void;
}

/** One resume between target.resume() and the stop that ends it. */
interface ResumeInFlight {
  /** target.resume() has settled: interrupt() may be called. */
  started: boolean;
  /** A Ctrl-C arrived before `started`. */
  interruptPending: boolean;
  readonly settle: (outcome: ResumeOutcome) => void;
}

const RESUME_KINDS: ReadonlySet<Command['kind']> = new Set(['continue', 'step', 'vCont']);

export class Session implements SessionContext {
  private _state: SessionState = 'idle';
  private readonly decoder = new FrameDecoder(PACKET_SIZE * 2);
  private noAck = false;
  private lastReply: Uint8Array | undefined;
  private chain: Promise<void>;
  private closed = false;
  private subscribed = true;
  private readonly unsubscribeStop: () => void;
  private readonly unsubscribeExit: () => void;
  readonly conn: ConnectionState = {
    multiprocess: false, clientFeatures: new Set(), gThread: 'any', cThread: 'any', lastStop: undefined, exitStatus: undefined,
    nonStop: false, stops: new Map(),
  };
  readonly notifications = new StopNotifications((reply) => this.write(encodeNotification(`Stop:${reply}`)));
  /** Non-stop: stop replies are built (their registers read) one after another, in the order of the stops. */
  private notifyChain: Promise<void> = Promise.resolve();
  /** Resume packets received and not yet answered. */
  private resumesQueued = 0;
  /** A Ctrl-C received while a resume packet waits in the queue. */
  private interruptQueued = false;
  private inFlight: ResumeInFlight | undefined;
  /** Packets received whose handling has not finished (their reply not yet written). */
  private packetsPending = 0;

  constructor(
    readonly target: Target,
    private readonly send: (bytes: Uint8Array) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.unsubscribeStop = target.onStop((ev) => this.onTargetStop(ev));
    this.unsubscribeExit = target.onExit((status, signal) => this.onTargetExit(status, signal));
    this.chain = this.guard('attach', () => target.attach());
  }

  get state(): SessionState {
    return this._state;
  }

  /**
   * True when the next thing to happen is a packet from the client: all-stop, the target
   * stopped, every packet received answered. While a resume runs (or in non-stop mode,
   * where vCPUs run between packets) it is false.
   */
  get awaitingPacket(): boolean {
    return !this.closed && !this.conn.nonStop && this._state === 'stopped' && this.packetsPending === 0;
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
          this.onInterrupt();
          break;
        case 'bad-checksum':
        case 'overflow':
          if (!this.noAck) this.write(latin1Bytes('-'));
          break;
        case 'packet': {
          if (!this.noAck) this.write(latin1Bytes('+'));
          const payload = bytesLatin1(ev.payload);
          const cmd = parseCommand(payload);
          const resumes = RESUME_KINDS.has(cmd.kind);
          if (resumes) this.resumesQueued++;
          this.packetsPending++;
          this.chain = this.chain.then(() => this.handlePacket(cmd, payload)).finally(() => {
            if (!resumes) return;
            this.resumesQueued--;
            // a Ctrl-C kept for a resume that ended without starting (E01, W, vCont;t) is spent
            this.interruptQueued = false;
          });
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
    this.finishResume(undefined);
    // the attach may still be settling: detach after it, never before
    await this.chain.catch(() => undefined);
    await this.guard('detach', () => this.target.detach('disconnect'));
  }

  // ------------------------------------------------------------------ SessionContext

  defaultVcpu(): number {
    return this.conn.lastStop?.vcpu ?? 0;
  }

  registerVcpu(): number {
    return this.conn.gThread === 'any' ? this.defaultVcpu() : this.conn.gThread;
  }

  threadId(vcpu: number): string {
    return formatThreadId(vcpu, this.conn.multiprocess);
  }

  async resume(actions: readonly VcpuAction[]): Promise<ResumeOutcome> {
    let settle!: (outcome: ResumeOutcome) => void;
    const outcome = new Promise<ResumeOutcome>((resolve) => (settle = resolve));
    const flight: ResumeInFlight = { started: false, interruptPending: this.interruptQueued, settle };
    this.interruptQueued = false;
    this.inFlight = flight;
    this._state = 'running';
    try {
      await this.target.resume(actions);
    } catch (e) {
      if (this.inFlight === flight) {
        this.inFlight = undefined;
        this._state = 'stopped';
      }
      throw e;
    }
    flight.started = true;
    // the stop may already have come (then inFlight moved on): only a live resume is interrupted
    if (flight.interruptPending && this.inFlight === flight) this.interruptTarget();
    return outcome;
  }

  setNonStop(on: boolean): void {
    this.conn.nonStop = on;
    this.conn.stops.clear();
    this.notifications.clear();
  }

  stopReplyFor(ev: StopEvent): Promise<string> {
    return stopReply(this.target, ev, this.threadId(ev.vcpu), this.conn.clientFeatures);
  }

  async end(action?: () => Promise<void>): Promise<void> {
    this._state = 'detached';
    this.unsubscribe();
    if (action) await action();
  }

  // ------------------------------------------------------------------ internals

  private onInterrupt(): void {
    const ops = this.conn.nonStop ? this.target.nonStop : undefined;
    if (ops) {
      stopRunning(this, ops, SIGINT).catch((e: unknown) => this.log(`interrupt: ${String(e)}`));
      return;
    }
    const flight = this.inFlight;
    if (flight) {
      if (flight.started) this.interruptTarget();
      else flight.interruptPending = true;
    } else if (this.resumesQueued > 0) {
      this.interruptQueued = true;
    } else {
      this.log('Ctrl-C with no resume in flight: ignored');
    }
  }

  private interruptTarget(): void {
    this.target.interrupt().catch((e: unknown) => this.log(`interrupt: ${String(e)}`));
  }

  private finishResume(outcome: ResumeOutcome): void {
    const flight = this.inFlight;
    this.inFlight = undefined;
    if (this._state === 'running') this._state = 'stopped';
    flight?.settle(outcome);
  }

  private onTargetStop(ev: StopEvent): void {
    if (this.conn.nonStop) {
      this.conn.lastStop = ev;
      this.conn.stops.set(ev.vcpu, ev);
      this.notifications.expect(ev.vcpu);
      this.notifyChain = this.notifyChain.then(async () => {
        const reply = await this.stopReplyFor(ev);
        if (!this.closed && this._state !== 'detached') this.notifications.push(reply, ev.vcpu);
        else this.notifications.withdraw(ev.vcpu);
      }).catch((e: unknown) => { this.notifications.withdraw(ev.vcpu); this.log(`stop notification: ${String(e)}`); });
      return;
    }
    this.conn.lastStop = ev;
    this.conn.gThread = this.conn.cThread = ev.vcpu;
    this.finishResume({ stop: ev });
  }

  private onTargetExit(status: number, signal?: number): void {
    if (this.conn.exitStatus !== undefined) return;
    this.conn.exitStatus = status;
    if (signal) this.conn.exitSignal = signal;
    if (this.conn.nonStop) {
      // announced after the stops before it; then the session ends as after a `W` reply
      this.notifyChain = this.notifyChain.then(() => {
        if (this.closed || this._state === 'detached') return;
        this.notifications.clear();
        this.write(encodeNotification(`Stop:${exitReply(status, this.conn.multiprocess)}`));
        this._state = 'detached';
        this.unsubscribe();
        this.closed = true;
        this.notifyDetach();
      });
      return;
    }
    this.finishResume({ exit: status });
  }

  private unsubscribe(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    this.unsubscribeStop();
    this.unsubscribeExit();
  }

  private async handlePacket(cmd: Command, payload: string): Promise<void> {
    try {
      await this.servePacket(cmd, payload);
    } finally {
      this.packetsPending--;
    }
    if (this.awaitingPacket) this.awaitNextPacket();
  }

  private awaitNextPacket(): void {
    try {
      this.options.onAwaitingPacket?.();
    } catch (e) {
      this.log(`onAwaitingPacket: ${String(e)}`);
    }
  }

  private async servePacket(cmd: Command, payload: string): Promise<void> {
    if (this._state === 'detached') return;
    if (this._state === 'idle') this._state = 'stopped';
    let reply: Reply;
    try {
      reply = await this.dispatch(cmd);
    } catch (e) {
      this.log(`packet ${JSON.stringify(payload.slice(0, 40))}: ${String(e)}`);
      if (this._state === 'running') this._state = 'stopped';
      reply = E01;
    }
    if (reply !== null && !this.closed) this.reply(reply);
    // D / k / vKill / W: tell the transport to close only after the reply went out
    if (this.state === 'detached' && !this.closed) {
      this.closed = true;
      this.notifyDetach();
    }
    if (cmd.kind === 'startNoAckMode' && reply === 'OK') this.noAck = true;
  }

  private notifyDetach(): void {
    try {
      this.options.onDetach?.();
    } catch (e) {
      this.log(`onDetach: ${String(e)}`);
    }
  }

  private dispatch(cmd: Command): Promise<Reply> {
    if (cmd.kind === 'malformed') return Promise.resolve(E01);
    const handler = HANDLERS[cmd.kind] as Handler<typeof cmd.kind> | undefined;
    if (!handler) return Promise.resolve(UNSUPPORTED);
    return handler(this, cmd);
  }

  private reply(payload: string): void {
    const bytes = encodePacket(payload);
    this.lastReply = bytes;
    this.write(bytes);
  }

  private write(bytes: Uint8Array): void {
    try {
      this.send(bytes);
    } catch (e) {
      this.log(`send: ${String(e)}`);
    }
  }

  /** Runs a target call whose failure must not escape (it is logged). */
  private async guard(what: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (e) {
      this.log(`${what}: ${String(e)}`);
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
