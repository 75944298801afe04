/** `qRcmd,HEX` (GDB's `monitor CMD`): the target's text, hex-encoded; `OK` when it printed nothing. */
import { latin1Bytes, toHex } from '../hex.js';
import { UNSUPPORTED } from './errors.js';
import type { HandlerTable } from './context.js';

export const monitorHandlers: HandlerTable = {
  monitor: async (ctx, cmd) => {
    const ops = ctx.target.monitor;
    if (!ops) return UNSUPPORTED;
    const text = await ops.run(cmd.command);
    return text.length === 0 ? 'OK' : toHex(latin1Bytes(text));
  },
};
