/** `Zt,addr,kind[;cond...]` / `zt,addr,kind`, t = 0 sw, 1 hw, 2 write, 3 read, 4 access watchpoint. */
import { parseHexBig, parseHexInt } from '../hex.js';
import { malformed, type BreakpointType, type Command } from './types.js';

export function parseBreakpoints(p: string): Command | undefined {
  if (p[0] !== 'Z' && p[0] !== 'z') return undefined;
  const body = p.split(';')[0]!; // conditions/commands are not supported and ignored
  const fields = body.slice(1).split(',');
  if (fields.length !== 3) return malformed(p, 'bad Z/z');
  const type = fields[0]!.length === 1 ? parseHexInt(fields[0]!) : undefined;
  const addr = parseHexBig(fields[1]!);
  const size = parseHexInt(fields[2]!);
  if (type === undefined || addr === undefined || size === undefined) return malformed(p, 'bad Z/z fields');
  if (type > 4) return { kind: 'unknown', packet: p };
  return { kind: 'breakpoint', insert: p[0] === 'Z', type: type as BreakpointType, addr, size };
}
