/** `g`, `G hex`, `p n`, `P n=hex`. */
import { fromHex, parseHexInt } from '../hex.js';
import { malformed, type Command } from './types.js';

export function parseRegisters(p: string): Command | undefined {
  switch (p[0]) {
    case 'g':
      return p === 'g' ? { kind: 'readRegisters' } : malformed(p, 'g takes no argument');
    case 'G': {
      const data = fromHex(p.slice(1));
      return data ? { kind: 'writeRegisters', data } : malformed(p, 'bad hex');
    }
    case 'p': {
      const regnum = parseHexInt(p.slice(1));
      return regnum === undefined ? malformed(p, 'bad register number') : { kind: 'readRegister', regnum };
    }
    case 'P': {
      const eq = p.indexOf('=');
      if (eq < 0) return malformed(p, 'missing =');
      const regnum = parseHexInt(p.slice(1, eq));
      const data = fromHex(p.slice(eq + 1));
      if (regnum === undefined || !data || data.length === 0) return malformed(p, 'bad P');
      return { kind: 'writeRegister', regnum, data };
    }
  }
  return undefined;
}
