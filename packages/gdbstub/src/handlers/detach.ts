/** `D[;pid]`, `k`, `vKill;pid`: the session ends; the target is detached (runs on) or killed. */
import { PID } from '../commands/index.js';
import { E01 } from './errors.js';
import type { HandlerTable } from './context.js';

export const detachHandlers: HandlerTable = {
  detach: async (ctx, cmd) => {
    if (cmd.pid !== undefined && cmd.pid !== PID) return E01;
    await ctx.end(() => ctx.target.detach('detach'));
    return 'OK';
  },
  vKill: async (ctx, cmd) => {
    if (cmd.pid !== PID) return E01;
    await ctx.end(() => ctx.target.kill());
    return 'OK';
  },
  // `k` has no reply
  kill: async (ctx) => {
    await ctx.end(() => ctx.target.kill());
    return null;
  },
};
