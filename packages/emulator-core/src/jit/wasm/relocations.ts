import { TemplateCompileError } from './values.js';

/**
 * The open numbers of a fragment (fragments.ts): an instruction's template compiled once
 * for every word that shares its steering fields, with the numbers that differ from
 * word to word — register offsets, immediates, the instruction's address and index in
 * its block, its locals' indices, the accessors' import indices — left as markers in
 * the code. A marker is one element of the code array, MARK_BASE + the index of its
 * relocation, where every other element is a byte; putting the fragment into a block
 * writes each marker as the LEB128 of its relocation's value there (fragments.ts
 * `copyFragment`), so the block's bytes are those the template compiler makes for the
 * word itself.
 */
export const MARK_BASE = 256;

/** One step of a symbol's value: the JavaScript operator with a constant, the symbol on the left unless `right`. */
export type SymbolOp = readonly [op: '+' | '-' | '*' | '<<' | 'neg' | '~', constant: number, right: boolean];

/** What a marker stands for. */
export type Relocation =
  /** A symbol's value (`name` bound for the word, then `ops`): an i32.const immediate (ToInt32), an i64.const one, or a register-file byte offset (a memarg, times 4 of a word index; `gpr`: of a 64-bit register, a multiple of 8). */
  | { readonly form: 'i32' | 'i64' | 'offset' | 'gpr'; readonly name: string; readonly ops: readonly SymbolOp[] }
  /** The fragment's own local `index` (counted from its first), placed after the block's locals so far. */
  | { readonly form: 'local'; readonly index: number }
  /** The function index of the imported accessor `name` in the block's module. */
  | { readonly form: 'access'; readonly name: string }
  /** The instruction's address (low, high word) and its index in the block, for the record of a fault. */
  | { readonly form: 'cia-lo' | 'cia-hi' | 'index' };

/** A fragment's relocations, each recorded once. */
export class Relocations {
  readonly list: Relocation[] = [];
  private readonly byKey = new Map<string, number>();

  /** The marker of relocation `r`. */
  mark(r: Relocation): number {
    const key = JSON.stringify(r);
    let i = this.byKey.get(key);
    if (i === undefined) { i = this.list.length; this.list.push(r); this.byKey.set(key, i); }
    return MARK_BASE + i;
  }
}

/** A symbol's value for the bound value `v`: each step as the template's JavaScript computes it. */
export function applySymbolOps(v: number, ops: readonly SymbolOp[]): number {
  for (const [op, c, right] of ops) {
    switch (op) {
      case '+': v = v + c; break;
      case '-': v = right ? c - v : v - c; break;
      case '*': v = v * c; break;
      case '<<': v = v << c; break;
      case 'neg': v = -v; break;
      case '~': v = ~v; break;
    }
  }
  if (!Number.isSafeInteger(v)) throw new TemplateCompileError(`a symbol's value ${v} is outside the exact integer range`);
  return v;
}
