/**
 * Non-stop mode (GDB remote protocol, "Remote Non-Stop"): `QNonStop`, `vStopped`,
 * `vCtrlC`, and the non-stop forms of `?` and `vCont`. In this mode a resume is
 * answered `OK` at once and each vCPU's stop comes later as a `%Stop` notification
 * (session.ts queues them, stop-notifications.ts); a vCPU with no vCont action stays
 * as it is, running or stopped. Non-stop packets from a client that did not switch
 * non-stop on get an error reply.
 */
import { threadMatches, resolveThread } from '../commands/index.js';
import type { VContAction } from '../commands/index.js';
import type { NonStopOps, VcpuAction } from '../target.js';
import { E01, UNSUPPORTED } from './errors.js';
import type { HandlerTable, SessionContext } from './context.js';

/** Signal of a stop the client asked for (`t`): GDB shows "stopped", no signal. */
const SIGNAL_NONE = 0;
export const SIGINT = 2;

export const nonStopHandlers: HandlerTable = {
  setNonStop: async (ctx, cmd) => {
    const ops = ctx.target.nonStop;
    // all-stop is the only mode of a target without the group: QNonStop:0 asks for nothing
    if (!ops) return cmd.on ? UNSUPPORTED : 'OK';
    await ops.setEnabled(cmd.on);
    ctx.setNonStop(cmd.on);
    if (cmd.on) await keepOneStopped(ctx, ops);
    return 'OK';
  },
  vStopped: async (ctx) => (ctx.conn.nonStop ? ctx.notifications.acknowledge() : E01),
  vCtrlC: async (ctx) => {
    const ops = active(ctx);
    if (!ops) return E01;
    await stopRunning(ctx, ops, SIGINT);
    return 'OK';
  },
};

/**
 * Entering non-stop mode, one vCPU stays stopped (the last stop's, else the first) and
 * the others run on. GDB (13.1, remote_target::start_remote) can take only one stopped
 * thread at connection time: a second stop reply fetched with vStopped before its
 * target is asynchronous marks an event its wait() asserts is unmarked (an internal
 * error). The attach stopped every vCPU, so all but one are let go before GDB's `?`;
 * a non-stop user attaching to a running machine wants it running anyway.
 */
async function keepOneStopped(ctx: SessionContext, ops: NonStopOps): Promise<void> {
  const n = await ctx.target.vcpuCount();
  const keep = ctx.conn.lastStop?.vcpu ?? 0;
  const actions = Array.from({ length: n }, (_, i) => (i === keep ? undefined : 'continue' as const));
  if (actions.some((a) => a !== undefined)) await ops.resume(actions);
}

/** The group when the client switched non-stop on, else undefined. */
function active(ctx: SessionContext): NonStopOps | undefined {
  return ctx.conn.nonStop ? ctx.target.nonStop : undefined;
}

/** Stops every running vCPU, each reported with `signal` (vCtrlC, a 0x03 in non-stop mode). */
export async function stopRunning(ctx: SessionContext, ops: NonStopOps, signal: number): Promise<void> {
  const stopped = new Set(await ops.stopped());
  const n = await ctx.target.vcpuCount();
  const running = Array.from({ length: n }, (_, i) => i).filter((i) => !stopped.has(i));
  if (running.length > 0) await ops.stop(running, signal);
}

/** `?` in non-stop mode: one stop reply per stopped vCPU, the first as the reply, the rest through vStopped. */
export async function nonStopHaltReason(ctx: SessionContext, ops: NonStopOps): Promise<string> {
  const replies: { reply: string; vcpu: number }[] = [];
  for (const vcpu of await ops.stopped()) {
    replies.push({ reply: await ctx.stopReplyFor(ctx.conn.stops.get(vcpu) ?? { vcpu, reason: 'signal', signal: SIGNAL_NONE }), vcpu });
  }
  return ctx.notifications.reset(replies);
}

/**
 * vCont in non-stop mode: per vCPU the first matching action (left to right); no match
 * leaves the vCPU as it is. `t` stops (each running one is reported with signal 0),
 * `c`/`s` run the stopped ones. The reply is `OK`; the stops follow as notifications.
 *
 * An action for all threads (`vCont;c`, `c:-1`) leaves alone a vCPU whose stop the
 * client has not acknowledged: the client still believes it running and meant to
 * resume only the threads it knew stopped (gdbserver likewise keeps a thread with a
 * pending status stopped). Its `%Stop` may be on the wire, crossing the vCont; resumed,
 * a finished step would run on as a continue, or a breakpoint hit be reported twice.
 */
export async function nonStopVCont(ctx: SessionContext, ops: NonStopOps, actions: readonly VContAction[]): Promise<string> {
  const n = await ctx.target.vcpuCount();
  const toStop: number[] = [];
  const toRun: (Exclude<VcpuAction, 'stop'> | undefined)[] = [];
  for (let v = 0; v < n; v++) {
    const a = actions.find((x) => !x.thread || threadMatches(x.thread, v));
    const forAll = a !== undefined && (!a.thread || resolveThread(a.thread, n) === 'any');
    if (!a || (forAll && a.kind !== 't' && ctx.notifications.unreported(v))) { toRun.push(undefined); continue; }
    if (a.kind === 't') { toStop.push(v); toRun.push(undefined); continue; }
    toRun.push(a.kind === 'c' || a.kind === 'C' ? 'continue' : 'step');
    ctx.conn.stops.delete(v);
  }
  if (toStop.length > 0) await ops.stop(toStop, SIGNAL_NONE);
  if (toRun.some((a) => a !== undefined)) await ops.resume(toRun);
  return 'OK';
}

/** Register access needs a stopped vCPU: in non-stop mode a running one is an error (GDB stops it first). */
export async function vcpuRunning(ctx: SessionContext, vcpu: number): Promise<boolean> {
  const ops = active(ctx);
  return ops !== undefined && !(await ops.stopped()).includes(vcpu);
}
