import { decoder } from '@hvstep/emulator-core';

/*
 * The pre-decoded instruction cache against decoding every fetched word: both walk
 * the same stream of real instruction words (a mix of hot and cold forms) and
 * produce op ids. The cache is direct-mapped by address and validated against the
 * word, as in interp/run.ts.
 */

const STREAM = new Int32Array(4096);
{
  const sample = [0x38630001, 0x7c632214, 0x7c632215, 0xe8830008, 0xf8830010, 0x7c6307b4, 0x5463103a, 0x4082fff0,
    0x7c8802a6, 0xfc01102a, 0x7d2903a6, 0x7c6318f8];
  for (let i = 0; i < STREAM.length; i++) STREAM[i] = sample[(i * 7) % sample.length]!;
}
const cacheWord = new Int32Array(4096);
const cacheOp = new Uint16Array(4096);

export function decodeEveryWord(count: number): number {
  let acc = 0;
  for (let i = 0; i < count; i++) acc += decoder.decode(STREAM[i & 4095]!);
  return acc;
}

export function cachedDecode(count: number): number {
  let acc = 0;
  cacheWord.fill(0); cacheOp.fill(0);
  for (let i = 0; i < count; i++) {
    const slot = i & 4095, w = STREAM[slot]!;
    let op = cacheOp[slot]!;
    if (cacheWord[slot] !== w) { op = decoder.decode(w); cacheWord[slot] = w; cacheOp[slot] = op; }
    acc += op;
  }
  return acc;
}
