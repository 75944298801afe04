/**
 * Stop and exit replies (GDB remote protocol, "Stop Reply Packets"):
 * `TSSthread:ID;40:PC;1:R1;43:LR;41:MSR;REASON` and `W<status>[;process:1]`. The
 * expedited registers save GDB a `g` after every step; REASON (`swbreak:`,
 * `hwbreak:`, `watch:ADDR`...) is sent only in the forms the client announced.
 */
import { hexByte, toHex } from './hex.js';
import { EXPEDITED_REGISTERS } from './regmap.js';
import { PID } from './commands/index.js';
import type { StopEvent, Target } from './target.js';

/** `NN:` of each expedited register, formatted once. */
const EXPEDITED_PREFIX: readonly string[] = EXPEDITED_REGISTERS.map((regnum) => `${regnum.toString(16)}:`);

export async function stopReply(target: Target, ev: StopEvent, threadId: string, clientFeatures: ReadonlySet<string>): Promise<string> {
  let s = `T${hexByte(ev.signal)}thread:${threadId};`;
  for (let i = 0; i < EXPEDITED_REGISTERS.length; i++) {
    const regnum = EXPEDITED_REGISTERS[i]!;
    const bytes = target.readRegisterNow ? target.readRegisterNow(ev.vcpu, regnum) : await target.readRegister(ev.vcpu, regnum);
    if (bytes) s += EXPEDITED_PREFIX[i]! + toHex(bytes) + ';';
  }
  switch (ev.reason) {
    case 'swbreak':
    case 'hwbreak':
      if (clientFeatures.has(`${ev.reason}+`)) s += `${ev.reason}:;`;
      break;
    case 'watch':
    case 'rwatch':
    case 'awatch':
      s += `${ev.reason}:${(ev.address ?? 0n).toString(16)};`;
      break;
    default:
      break;
  }
  return s;
}

/** `W<status>`, or `X<signal>` for a process a signal killed (two hex digits), with `;process:1` in multiprocess mode. */
export function exitReply(status: number, multiprocess: boolean, signal?: number): string {
  const s = signal ? `X${hexByte(signal)}` : `W${hexByte(status)}`;
  return multiprocess ? `${s};process:${PID.toString(16)}` : s;
}
