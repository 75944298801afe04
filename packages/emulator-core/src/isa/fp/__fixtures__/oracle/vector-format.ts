/** Reading the lines of ../vectors.ts (see generate.ts for the format). */
import type { FpCase, FpResult } from './harness.js';

export interface FpVector {
  mnemonic: string;
  c: FpCase;
  want: FpResult;
  /** The source line, for messages. */
  line: string;
}

const ZERO_MEM = '0'.repeat(128);
const pad16 = (h: string): string => h.padStart(16, '0');

export function parseVector(line: string): FpVector {
  const [input, output] = line.split('|') as [string, string];
  const i = input.split(' ');
  const o = output.split(' ');
  const fin = Array.from({ length: 8 }, (_, k) => i[4]!.split(',')[k] || '0');
  const gin = Array.from({ length: 4 }, (_, k) => i[5]!.split(',')[k] || '0');
  const mem = i[7] || ZERO_MEM;
  const c: FpCase = {
    w: parseInt(i[1]!, 16),
    fpscr: BigInt('0x' + i[2]!),
    cr: parseInt(i[3]!, 16),
    f: fin.map((h) => BigInt('0x' + h)),
    g: gin.map((h) => BigInt('0x' + h)),
    rel: parseInt(i[6]!, 16),
    mem,
  };
  const fo = o[1]!.split(','), go = o[4]!.split(',');
  const want: FpResult = {
    sig: o[0]!,
    f: fin.map((h, k) => pad16(fo[k] === undefined || fo[k] === '=' || fo[k] === '' ? h : fo[k]!)),
    fpscr: pad16(o[2]!),
    cr: o[3]!.padStart(8, '0'),
    g: gin.map((h, k) => pad16(go[k] === undefined || go[k] === '=' || go[k] === '' ? h : go[k]!)),
    mem: o[5] || mem,
  };
  return { mnemonic: i[0]!, c, want, line };
}
