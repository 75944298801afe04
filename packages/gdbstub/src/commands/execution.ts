/** `c [addr]`, `s [addr]`, `C sig[;addr]`, `S sig[;addr]`, `vCont?`, `vCont;action[:thread]...`. */
import { parseHexBig, parseHexInt } from '../hex.js';
import { parseThreadId } from './thread-id.js';
import { malformed, type Command, type VContAction, type VContKind } from './types.js';

function parseSig(s: string): number | undefined {
  const n = s.length === 2 ? parseHexInt(s) : undefined;
  return n;
}

export function parseExecution(p: string): Command | undefined {
  const c = p[0];
  if (c === 'c' || c === 's') {
    const kind = c === 'c' ? 'continue' : 'step';
    if (p.length === 1) return { kind };
    const addr = parseHexBig(p.slice(1));
    return addr === undefined ? malformed(p, 'bad address') : { kind, addr };
  }
  if (c === 'C' || c === 'S') {
    const kind = c === 'C' ? 'continue' : 'step';
    const semi = p.indexOf(';');
    const signal = parseSig(semi < 0 ? p.slice(1) : p.slice(1, semi));
    if (signal === undefined) return malformed(p, 'bad signal');
    if (semi < 0) return { kind, signal };
    const addr = parseHexBig(p.slice(semi + 1));
    return addr === undefined ? malformed(p, 'bad address') : { kind, signal, addr };
  }
  if (p === 'vCont?') return { kind: 'vContQuery' };
  if (p.startsWith('vCont;')) {
    const actions: VContAction[] = [];
    for (const item of p.slice(6).split(';')) {
      const colon = item.indexOf(':');
      const head = colon < 0 ? item : item.slice(0, colon);
      const kind = head[0] as VContKind | undefined;
      let signal: number | undefined;
      if (kind === 'c' || kind === 's' || kind === 't') {
        if (head.length !== 1) return malformed(p, 'bad vCont action');
      } else if (kind === 'C' || kind === 'S') {
        signal = parseSig(head.slice(1));
        if (signal === undefined) return malformed(p, 'bad vCont signal');
      } else return malformed(p, 'bad vCont action');
      if (colon < 0) {
        actions.push(signal === undefined ? { kind } : { kind, signal });
        continue;
      }
      const thread = parseThreadId(item.slice(colon + 1));
      if (!thread) return malformed(p, 'bad vCont thread');
      actions.push(signal === undefined ? { kind, thread } : { kind, signal, thread });
    }
    return { kind: 'vCont', actions };
  }
  return undefined;
}
