import { LOOP_WORDS, OPS, TWO32 } from './mini-isa.js';

/*
 * Dispatch designs, raced on the mini ISA with the production register
 * representation (Int32 halves) and a switch as large as interp/run.ts's (40 cases,
 * 35 of them never taken here). (1) literal case labels, which V8 compiles into a
 * jump table: what interp/run.ts does (its hot ids are a const enum that tsc
 * inlines); (2) the same switch with labels read from an object, which V8 compiles
 * into a chain of comparisons; (3) a table of handler functions, one call per
 * instruction. The switch variants are generated from one source text so that they
 * differ only in their case labels.
 */

const SWITCH_CASES = 40;
const CASE_BODIES: Record<number, string> = {
  1: 'const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, si = (w << 16) >> 16; const s = (r[ra] >>> 0) + si; r[rt] = s | 0; r[rt + 1] = (r[ra + 1] + (s - (s >>> 0)) / TWO32) | 0; pc += 4; break;',
  2: 'const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62; const s = (r[ra] >>> 0) + (r[rb] >>> 0); r[rt + 1] = (r[ra + 1] + r[rb + 1] + (s >= TWO32 ? 1 : 0)) | 0; r[rt] = s | 0; pc += 4; break;',
  3: 'const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62, rb = (w >>> 10) & 62; r[ra] = r[rs] ^ r[rb]; r[ra + 1] = r[rs + 1] ^ r[rb + 1]; pc += 4; break;',
  4: 'const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62; const ah = r[ra + 1], bh = r[rb + 1]; const c = ah !== bh ? (ah < bh ? 8 : 4) : ((r[ra] >>> 0) < (r[rb] >>> 0) ? 8 : (r[ra] >>> 0) > (r[rb] >>> 0) ? 4 : 2); cr = (cr & 0x0fffffff) | (c << 28); pc += 4; break;',
  5: 'pc = (cr & 0x20000000) === 0 ? pc + ((w << 16) >> 16) : pc + 4; if (pc >= 20) pc = 0; break;',
};
/** The taken-branch tail of interp/fast-loop.ts: a look at the shared request word and the poll countdown. */
const BRANCH_WITH_POLL = 'if ((cr & 0x20000000) === 0) { pc = pc + ((w << 16) >> 16); if (pc < 0) pc = 0; '
  + 'if (ctl[0] !== 0 || --poll <= 0) { poll = 256; polls++; } break; } pc += 4; if (pc >= 20) pc = 0; break;';

type Runner = (count: number) => number;

function generate(label: (id: number) => string, pollAtBranches = false): Runner {
  const cases: string[] = [];
  for (let id = 1; id <= SWITCH_CASES; id++) {
    const body = id === 5 && pollAtBranches ? BRANCH_WITH_POLL : CASE_BODIES[id];
    cases.push(`case ${label(id)}: { ${body ?? 'r[id & 63] ^= w; pc += 4; break;'.replace('id', String(id))} }`);
  }
  const body = `
    const r = new Int32Array(64); r[12] = 0x7fffffff; let cr = 0;
    const ctl = new Int32Array(new SharedArrayBuffer(32));
    let polls = 0;
    return function (count) {
      r.fill(0); r[12] = 0x7fffffff; cr = 0;
      let pc = 0, poll = 256;
      for (let n = 0; n < count; n++) {
        const w = LOOP_WORDS[pc >> 2];
        switch (OPS[pc >> 2]) { ${cases.join('\n')} default: throw new Error('bad op'); }
      }
      return r[10] + polls;
    };`;
  const ids: Record<string, number> = {};
  for (let id = 1; id <= SWITCH_CASES; id++) ids[`op${id}`] = id;
  return new Function('LOOP_WORDS', 'OPS', 'TWO32', 'IDS', body)(LOOP_WORDS, OPS, TWO32, ids) as Runner;
}

export const switchLiteral: Runner = generate((id) => String(id));
export const switchPropertyLabels: Runner = generate((id) => `IDS.op${id}`);
/** The chosen design plus the stop/interrupt poll the run loop does at every taken branch. */
export const switchLiteralWithBranchPoll: Runner = generate((id) => String(id), true);

const r = new Int32Array(64);
let cr = 0;
type MiniHandler = (w: number, pc: number) => number;
const addi: MiniHandler = (w, pc) => { const ra = (w >>> 15) & 62, rt = (w >>> 20) & 62, si = (w << 16) >> 16; const s = (r[ra]! >>> 0) + si; r[rt] = s | 0; r[rt + 1] = (r[ra + 1]! + (s - (s >>> 0)) / TWO32) | 0; return pc + 4; };
const add: MiniHandler = (w, pc) => { const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62, rt = (w >>> 20) & 62; const s = (r[ra]! >>> 0) + (r[rb]! >>> 0); r[rt + 1] = (r[ra + 1]! + r[rb + 1]! + (s >= TWO32 ? 1 : 0)) | 0; r[rt] = s | 0; return pc + 4; };
const xor: MiniHandler = (w, pc) => { const rs = (w >>> 20) & 62, ra = (w >>> 15) & 62, rb = (w >>> 10) & 62; r[ra] = r[rs]! ^ r[rb]!; r[ra + 1] = r[rs + 1]! ^ r[rb + 1]!; return pc + 4; };
const cmpd: MiniHandler = (w, pc) => { const ra = (w >>> 15) & 62, rb = (w >>> 10) & 62; const ah = r[ra + 1]!, bh = r[rb + 1]!; const c = ah !== bh ? (ah < bh ? 8 : 4) : ((r[ra]! >>> 0) < (r[rb]! >>> 0) ? 8 : (r[ra]! >>> 0) > (r[rb]! >>> 0) ? 4 : 2); cr = (cr & 0x0fffffff) | (c << 28); return pc + 4; };
const bne: MiniHandler = (w, pc) => { const next = (cr & 0x20000000) === 0 ? pc + ((w << 16) >> 16) : pc + 4; return next >= 20 ? 0 : next; };
const TABLE: MiniHandler[] = [bne, addi, add, xor, cmpd, bne];

export function functionTable(count: number): number {
  r.fill(0); r[12] = 0x7fffffff; cr = 0;
  let pc = 0;
  for (let n = 0; n < count; n++) pc = TABLE[OPS[pc >> 2]!]!(LOOP_WORDS[pc >> 2]!, pc);
  return r[10]!;
}
