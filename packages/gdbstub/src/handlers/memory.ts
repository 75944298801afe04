/** `m`, `M`, `X`: memory in the `Hg` thread's translation. */
import { toHex } from '../hex.js';
import { PACKET_SIZE } from '../features.js';
import { EFAULT } from './errors.js';
import type { HandlerTable } from './context.js';

/** Largest `m` read: its hex reply (plus framing) must fit PacketSize. */
export const MAX_READ = (PACKET_SIZE - 8) >> 1;

export const memoryHandlers: HandlerTable = {
  readMemory: async (ctx, cmd) => {
    const length = Math.min(cmd.length, MAX_READ);
    if (length === 0) return '';
    const bytes = await ctx.target.readMemory(ctx.registerVcpu(), cmd.addr, length);
    // a short read returns what was readable; nothing readable is EFAULT
    return bytes.length === 0 ? EFAULT : toHex(bytes.subarray(0, length));
  },
  writeMemory: async (ctx, cmd) => {
    if (cmd.length === 0) return 'OK'; // `X addr,0:` probes for binary writes
    return (await ctx.target.writeMemory(ctx.registerVcpu(), cmd.addr, cmd.data)) ? 'OK' : EFAULT;
  },
};
