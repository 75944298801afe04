/** `m addr,len`, `M addr,len:hex`, `X addr,len:binary` (binary already unescaped by framing). */
import { fromHex, parseHexBig, parseHexInt } from '../hex.js';
import { malformed, type Command } from './types.js';

function addrLen(s: string): { addr: bigint; length: number } | undefined {
  const comma = s.indexOf(',');
  if (comma < 0) return undefined;
  const addr = parseHexBig(s.slice(0, comma));
  const length = parseHexInt(s.slice(comma + 1));
  return addr === undefined || length === undefined ? undefined : { addr, length };
}

export function parseMemory(p: string): Command | undefined {
  const c = p[0];
  if (c === 'm') {
    const al = addrLen(p.slice(1));
    return al ? { kind: 'readMemory', ...al } : malformed(p, 'bad m');
  }
  if (c !== 'M' && c !== 'X') return undefined;
  const colon = p.indexOf(':');
  if (colon < 0) return malformed(p, 'missing :');
  const al = addrLen(p.slice(1, colon));
  if (!al) return malformed(p, 'bad address/length');
  const rest = p.slice(colon + 1);
  let data: Uint8Array | undefined;
  if (c === 'M') data = fromHex(rest);
  else data = Uint8Array.from(rest, (ch) => ch.charCodeAt(0) & 0xff);
  if (!data || data.length !== al.length) return malformed(p, 'data length mismatch');
  return { kind: 'writeMemory', addr: al.addr, length: al.length, data };
}
