import { hotSemantics } from '../isa/semantics/hot.js';
import { fieldEncoder as put } from '../decode/fields.generated.js';
import { randomWordOf } from './random-words.js';
import { W_NIP, W_GPR, W_LR, W_CTR } from '../state/layout.js';
import type { GuestMemory } from '../memory/guest-memory.js';

/*
 * Random programs for the equivalence tests of the engines (jit/jit-equivalence.test.ts,
 * jit/wasm/interpreter.test.ts): the templated instructions, cold ones, branches inside
 * the program (loops, calls through LR and CTR), loads and stores that sometimes fault
 * and sometimes write into the code itself.
 */

export const CODE = 0x10000, DATA = 0x20000, DATA_MIDDLE = DATA + 0x8000, WORDS = 48;


/** Cold rows with results that depend only on the state (no time base, no randomness). */
const COLD = ['mulld', 'mullw', 'addc', 'adde', 'subfc', 'divd', 'divw', 'lwzux', 'stwux', 'ldux', 'lhzux', 'stbux', 'srawi', 'sld', 'srd',
  'cntlzw', 'extsb', 'extsh', 'lha', 'lwa', 'nand', 'nor', 'rlwimi', 'rldic', 'mulhw', 'addze', 'mcrf', 'crxor', 'mfcr', 'mtcrf',
  'isync', 'sync', 'tw', 'icbi', 'dcbz', 'lwarx', 'stwcx.', 'sc'];
const HOT = hotSemantics.map((s) => s.mnemonic).filter((m) => m !== 'b' && m !== 'bc');
const BO = [4, 12, 16, 18, 20, 0, 2, 8, 10];

const D_STORES = new Set(['stw', 'sth', 'stb', 'std', 'stdu', 'stwu', 'stbu']);

export function randomProgram(next: () => number, writableCode: boolean): number[] {
  const words: number[] = [];
  for (let i = 0; i < WORDS; i++) {
    const k = next() % 100;
    // branches stay inside the program (mostly backwards: loops)
    const disp = ((next() % WORDS) - i) * 4;
    if (k < 8) words.push(put.OPCD(16) | put.BO(BO[next() % BO.length]!) | put.BI(next() & 31) | put.BD(disp) | (next() & 1));
    else if (k < 11) words.push(put.OPCD(18) | put.LI(disp) | (next() & 1));
    else if (k < 80) {
      const m = HOT[next() % HOT.length]!;
      let w = randomWordOf(next, m);
      // with a base register into the code, a small displacement stores into the block itself
      if (writableCode && D_STORES.has(m) && (next() & 1)) w = (w & ~put.SI(0xfffc)) | put.SI((next() % 32) * 4);
      words.push(w);
    }
    else if (k < 99) words.push(randomWordOf(next, COLD[next() % COLD.length]!));
    else words.push(0); // illegal
  }
  return words;
}

/**
 * A register file for a random program: every word 0, then GPRs holding data addresses,
 * addresses in the code (with writable code), small numbers or random words, LR and
 * CTR inside the program or CTR a small count, NIP at the program's start.
 */
export function randomRegisters(next: () => number, r: Int32Array, writableCode: boolean): void {
  for (let k = 0; k < r.length; k++) r[k] = 0;
  for (let g = 0; g < 32; g++) {
    const kind = next() & 7;
    const v = kind < 4 ? DATA_MIDDLE + ((next() & 0x3ff8) - 0x2000) // a data address
      : kind === 4 && writableCode ? CODE + 4 * (next() % WORDS) // an address in the code
      : kind === 5 ? (next() & 63) : next() | 0;
    r[W_GPR + 2 * g] = v; r[W_GPR + 2 * g + 1] = kind === 7 ? next() | 0 : 0;
  }
  r[W_LR] = CODE + 4 * (next() % WORDS);
  r[W_CTR] = (next() & 1) ? CODE + 4 * (next() % WORDS) : next() % 40;
  r[W_NIP] = CODE; r[W_NIP + 1] = 0;
}

/** A random case: the program (in byte order `le`) at CODE, random data, a register file for them. */
export function loadRandomCase(next: () => number, memory: GuestMemory, r: Int32Array, writableCode: boolean, le: boolean): void {
  const program = randomProgram(next, writableCode);
  memory.u8.fill(0, CODE, CODE + 0x10000);
  program.forEach((w, i) => memory.write32(CODE + 4 * i, w, le));
  for (let k = 0; k < 0x10000; k += 4) memory.write32(DATA + k, next() | 0, true);
  randomRegisters(next, r, writableCode);
}
