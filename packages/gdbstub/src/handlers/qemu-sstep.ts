/**
 * QEMU's single-step packets (gdbstub.c handle_query_qemu_sstepbits,
 * handle_query_qemu_sstep, handle_set_qemu_sstep), so `maintenance packet
 * Qqemu.sstep=...` works as on QEMU. Served only when the target single-steps and
 * keeps the flags; otherwise the empty reply.
 */
import { SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER } from '../target.js';
import { EINVAL, UNSUPPORTED } from './errors.js';
import type { HandlerTable } from './context.js';

export const qemuSstepHandlers: HandlerTable = {
  sstepBits: async (ctx) => (ctx.target.singleStep?.flags
    ? `ENABLE=${SSTEP_ENABLE.toString(16)},NOIRQ=${SSTEP_NOIRQ.toString(16)},NOTIMER=${SSTEP_NOTIMER.toString(16)}`
    : UNSUPPORTED),
  sstepQuery: async (ctx) => {
    const flags = ctx.target.singleStep?.flags;
    return flags ? `0x${(await flags.get()).toString(16)}` : UNSUPPORTED;
  },
  sstepSet: async (ctx, cmd) => {
    const flags = ctx.target.singleStep?.flags;
    if (!flags) return UNSUPPORTED;
    return (await flags.set(cmd.flags)) ? 'OK' : EINVAL;
  },
};
