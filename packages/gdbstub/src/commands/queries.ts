/** `qSupported[:f;f...]`, `qAttached[:pid]`, `QStartNoAckMode`, `qXfer:OBJ:read:ANNEX:off,len`, `qRcmd,hex`. */
import { bytesLatin1, fromHex, parseHexInt } from '../hex.js';
import { malformed, type Command } from './types.js';

export function parseQueries(p: string): Command | undefined {
  if (p === 'qSupported' || p.startsWith('qSupported:')) {
    return { kind: 'supported', features: p.length > 11 ? p.slice(11).split(';') : [] };
  }
  if (p === 'qAttached' || p.startsWith('qAttached:')) return { kind: 'attached' };
  if (p === 'QStartNoAckMode') return { kind: 'startNoAckMode' };
  if (p.startsWith('qXfer:')) {
    const parts = p.split(':');
    // qXfer : object : read : annex : off,len
    if (parts.length !== 5 || parts[2] !== 'read') return { kind: 'unknown', packet: p };
    const [off, len, extra] = parts[4]!.split(',');
    const offset = off === undefined ? undefined : parseHexInt(off);
    const length = len === undefined ? undefined : parseHexInt(len);
    if (offset === undefined || length === undefined || extra !== undefined) return malformed(p, 'bad offset/length');
    return { kind: 'xferRead', object: parts[1]!, annex: parts[3]!, offset, length };
  }
  if (p.startsWith('qRcmd,')) {
    const bytes = fromHex(p.slice(6));
    return bytes ? { kind: 'monitor', command: bytesLatin1(bytes) } : malformed(p, 'bad hex');
  }
  return undefined;
}
