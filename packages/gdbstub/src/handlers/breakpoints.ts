/**
 * `Z0`-`Z4` / `z0`-`z4`: each type goes to its capability group; a type the target
 * has no group for gets the empty reply, so GDB falls back (software watchpoints,
 * its own breakpoints) instead of reporting an error.
 */
import type { WatchpointKind } from '../target.js';
import { E01, UNSUPPORTED } from './errors.js';
import type { HandlerTable } from './context.js';

const WATCH_KINDS: Record<2 | 3 | 4, WatchpointKind> = { 2: 'write', 3: 'read', 4: 'access' };

export const breakpointHandlers: HandlerTable = {
  breakpoint: async (ctx, cmd) => {
    const t = ctx.target;
    if (cmd.type === 0 || cmd.type === 1) {
      const ops = cmd.type === 0 ? t.softwareBreakpoints : t.hardwareBreakpoints;
      if (!ops) return UNSUPPORTED;
      const ok = cmd.insert ? await ops.insert(cmd.addr, cmd.size) : await ops.remove(cmd.addr, cmd.size);
      return ok ? 'OK' : E01;
    }
    const ops = t.watchpoints;
    if (!ops) return UNSUPPORTED;
    if (cmd.size === 0) return E01;
    const kind = WATCH_KINDS[cmd.type];
    const ok = cmd.insert ? await ops.insert(kind, cmd.addr, cmd.size) : await ops.remove(kind, cmd.addr, cmd.size);
    return ok ? 'OK' : E01;
  },
};
