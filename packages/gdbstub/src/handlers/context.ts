/**
 * What a packet handler sees of its session: the target, the connection's state
 * (thread selections, the last stop, what the client announced), and the two
 * services only the session can give: running a resume to its end (the rendezvous
 * with the target's stop and with Ctrl-C) and ending the session.
 */
import type { Command } from '../commands/index.js';
import type { StopEvent, Target, VcpuAction } from '../target.js';
import type { StopNotifications } from '../stop-notifications.js';

export type CommandKind = Command['kind'];
export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

/** A reply payload, or null for none (`k`). */
export type Reply = string | null;

export type Handler<K extends CommandKind> = (ctx: SessionContext, cmd: CommandOf<K>) => Promise<Reply>;

/** One capability group's handlers, keyed by the command kinds it serves. */
export type HandlerTable = { readonly [K in CommandKind]?: Handler<K> };

/** What ends a resume: a stop, the end of the guest, or (undefined) the connection going away. */
export type ResumeOutcome = { readonly stop: StopEvent } | { readonly exit: number } | undefined;

export interface ConnectionState {
  /** The client announced `multiprocess+`: thread ids are `pP.T`. */
  multiprocess: boolean;
  /** Features from the client's qSupported (e.g. `swbreak+`, `hwbreak+`). */
  clientFeatures: ReadonlySet<string>;
  /** Thread for g/G/p/P/m/M/X (`Hg`); 'any' = the last stop thread. */
  gThread: number | 'any';
  /** Thread for legacy c/s (`Hc`). */
  cThread: number | 'any';
  lastStop: StopEvent | undefined;
  /** The guest's exit status once it has ended. */
  exitStatus: number | undefined;
  /** QNonStop:1 is in force. */
  nonStop: boolean;
  /** Non-stop: each stopped vCPU's stop, for `?` (a vCPU without one was stopped by the attach). */
  readonly stops: Map<number, StopEvent>;
  /** The signal that ended it (answered `X`), when the target named one. */
  exitSignal?: number;
}

export interface SessionContext {
  readonly target: Target;
  readonly conn: ConnectionState;
  /** The vCPU of the last stop (0 before any). */
  defaultVcpu(): number;
  /** The vCPU `Hg` selected for register and memory packets. */
  registerVcpu(): number;
  /** A thread id as this client expects it (`p1.T` or `T`). */
  threadId(vcpu: number): string;
  /** Starts a resume and waits for what ends it (a stop, the guest's end, the connection's end). */
  resume(actions: readonly VcpuAction[]): Promise<ResumeOutcome>;
  /** The non-stop stop queue (`%Stop` and vStopped). */
  readonly notifications: StopNotifications;
  /** QNonStop took effect: the session reports stops as notifications from now on (or not). */
  setNonStop(on: boolean): void;
  /** The stop reply for `ev` as this client expects it. */
  stopReplyFor(ev: StopEvent): Promise<string>;
  /** The session is over (D, k, vKill, W): unsubscribes, then runs `action` (the target's detach or kill). */
  end(action?: () => Promise<void>): Promise<void>;
}
