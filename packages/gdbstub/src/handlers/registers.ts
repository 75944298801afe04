/** `g`, `G`, `p`, `P`: registers of the `Hg` thread, laid out as in regmap.ts. */
import { toHex } from '../hex.js';
import { G_PACKET_SIZE, registerInfo } from '../regmap.js';
import { E01 } from './errors.js';
import { vcpuRunning } from './non-stop.js';
import type { HandlerTable } from './context.js';

export const registerHandlers: HandlerTable = {
  readRegisters: async (ctx) => ((await vcpuRunning(ctx, ctx.registerVcpu())) ? E01 : toHex(await ctx.target.readRegisters(ctx.registerVcpu()))),
  writeRegisters: async (ctx, cmd) => {
    if (cmd.data.length !== G_PACKET_SIZE || (await vcpuRunning(ctx, ctx.registerVcpu()))) return E01;
    await ctx.target.writeRegisters(ctx.registerVcpu(), cmd.data);
    return 'OK';
  },
  readRegister: async (ctx, cmd) => {
    if (!registerInfo(cmd.regnum) || (await vcpuRunning(ctx, ctx.registerVcpu()))) return E01;
    const bytes = await ctx.target.readRegister(ctx.registerVcpu(), cmd.regnum);
    return bytes ? toHex(bytes) : E01;
  },
  writeRegister: async (ctx, cmd) => {
    const info = registerInfo(cmd.regnum);
    // unknown, wrong size, or read-only (regmap.ts `writable`): GDB reports it cannot write it
    if (!info || info.size !== cmd.data.length || !info.writable || (await vcpuRunning(ctx, ctx.registerVcpu()))) return E01;
    return (await ctx.target.writeRegister(ctx.registerVcpu(), cmd.regnum, cmd.data)) ? 'OK' : E01;
  },
};
