/** `H g|c`, `T`, `qC`, `qfThreadInfo`, `qsThreadInfo`: threads are vCPUs (tid = vcpu + 1). */
import { formatThreadId, resolveThread } from '../commands/index.js';
import { E01 } from './errors.js';
import type { HandlerTable, SessionContext } from './context.js';

export const threadHandlers: HandlerTable = {
  setThread: async (ctx, cmd) => {
    const v = resolveThread(cmd.thread, await ctx.target.vcpuCount());
    if (v === undefined) return E01;
    if (cmd.op === 'g') ctx.conn.gThread = v;
    else ctx.conn.cThread = v;
    return 'OK';
  },
  threadAlive: async (ctx, cmd) => (typeof resolveThread(cmd.thread, await ctx.target.vcpuCount()) === 'number' ? 'OK' : E01),
  currentThread: async (ctx) => `QC${ctx.threadId(ctx.defaultVcpu())}`,
  threadInfoFirst: async (ctx) => {
    const n = await ctx.target.vcpuCount();
    return 'm' + Array.from({ length: n }, (_, i) => ctx.threadId(i)).join(',');
  },
  threadInfoNext: async () => 'l',
};

/** The `qXfer:threads:read` document: one `vcpuN` per vCPU (GDB shows `Thread 1.2 "vcpu1"`). */
export async function threadsXml(ctx: SessionContext): Promise<string> {
  const n = await ctx.target.vcpuCount();
  let s = '<?xml version="1.0"?>\n<threads>\n';
  for (let i = 0; i < n; i++) s += `<thread id="${formatThreadId(i, ctx.conn.multiprocess)}" core="${i}" name="vcpu${i}"/>\n`;
  return s + '</threads>\n';
}
