/**
 * Resume and stop: `?`, `c`, `s`, `C`, `S`, `vCont?`, `vCont`. All-stop: one stop
 * reply per resume, for the vCPU that stopped first; vCPUs without an action stay
 * stopped. The reply waits for the session's resume rendezvous (a stop, the guest's
 * end, or the connection closing).
 */
import { threadMatches, type ThreadId } from '../commands/index.js';
import { REG_PC } from '../regmap.js';
import { vContSupport } from '../features.js';
import { exitReply, type stopReply } from '../stop-reply.js';
import type { VcpuAction } from '../target.js';
import { E01, UNSUPPORTED } from './errors.js';
import { nonStopHaltReason, nonStopVCont } from './non-stop.js';
import type { HandlerTable, Reply, SessionContext } from './context.js';

const SIGTRAP = 5;

export const resumeHandlers: HandlerTable = {
  haltReason: async (ctx) => {
    if (ctx.conn.nonStop && ctx.target.nonStop && ctx.conn.exitStatus === undefined) return nonStopHaltReason(ctx, ctx.target.nonStop);
    if (ctx.conn.exitStatus !== undefined) return endWithExit(ctx, ctx.conn.exitStatus);
    return reportStop(ctx, ctx.conn.lastStop ?? { vcpu: 0, reason: 'signal', signal: SIGTRAP });
  },
  vContQuery: async (ctx) => vContSupport(ctx.target),
  vCont: async (ctx, cmd) => {
    if (!ctx.target.singleStep && cmd.actions.some((a) => a.kind === 's' || a.kind === 'S')) return E01;
    const n = await ctx.target.vcpuCount();
    if (ctx.conn.nonStop && ctx.target.nonStop) return nonStopVCont(ctx, ctx.target.nonStop, cmd.actions);
    await ctx.target.signals?.setResumeSignals(vcontSignals(cmd.actions, n));
    return run(ctx, vcontActions(cmd.actions, n));
  },
  // non-stop resumes name their threads: only vCont does (GDB requires it for non-stop)
  continue: async (ctx, cmd) => (ctx.conn.nonStop ? E01 : legacy(ctx, 'continue', cmd.addr, cmd.signal)),
  step: async (ctx, cmd) => (!ctx.target.singleStep ? UNSUPPORTED : ctx.conn.nonStop ? E01 : legacy(ctx, 'step', cmd.addr, cmd.signal)),
};

/** Legacy c/s: `c` resumes every vCPU; `s` steps the `Hc` thread, the others stay stopped. */
async function legacy(ctx: SessionContext, kind: 'continue' | 'step', addr: bigint | undefined, signal: number | undefined): Promise<Reply> {
  const n = await ctx.target.vcpuCount();
  const who = ctx.conn.cThread === 'any' ? ctx.defaultVcpu() : ctx.conn.cThread;
  if (addr !== undefined) {
    const le = await ctx.target.isLittleEndian(who);
    if (!(await ctx.target.writeRegister(who, REG_PC, u64Bytes(addr, le)))) return E01;
  }
  await ctx.target.signals?.setResumeSignals(Array.from({ length: n }, (_, i) => (i === who ? signal ?? 0 : 0)));
  return run(ctx, Array.from({ length: n }, (_, i) => (kind === 'continue' ? 'continue' : i === who ? 'step' : 'stop')));
}

async function run(ctx: SessionContext, actions: VcpuAction[]): Promise<Reply> {
  if (ctx.conn.exitStatus !== undefined) return endWithExit(ctx, ctx.conn.exitStatus);
  if (actions.every((a) => a === 'stop')) {
    // nothing to run (vCont;t in all-stop): report the current stop at once
    return reportStop(ctx, { vcpu: ctx.defaultVcpu(), reason: 'signal', signal: 0 });
  }
  const outcome = await ctx.resume(actions);
  if (!outcome) return null; // the connection closed while running: nobody to answer
  if ('exit' in outcome) return endWithExit(ctx, outcome.exit);
  return reportStop(ctx, outcome.stop);
}

function reportStop(ctx: SessionContext, ev: Parameters<typeof stopReply>[1]): Promise<string> {
  return ctx.stopReplyFor(ev);
}

/** `W` (or `X` for a signal): nothing is left to debug, and an ended guest needs no detach. */
async function endWithExit(ctx: SessionContext, status: number): Promise<string> {
  await ctx.end();
  return exitReply(status, ctx.conn.multiprocess, ctx.conn.exitSignal);
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

/** The signal each vCPU resumes with: that of its vCont action (`C sig`, `S sig`), else 0. */
function vcontSignals(actions: readonly { kind: string; signal?: number; thread?: ThreadId }[], count: number): number[] {
  return Array.from({ length: count }, (_, v) => actions.find((x) => !x.thread || threadMatches(x.thread, v))?.signal ?? 0);
}

function u64Bytes(v: bigint, littleEndian: boolean): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), littleEndian);
  return b;
}
