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

/**
 * A symbol's value as an expression of bound names and constants, evaluated with the
 * JavaScript operators the template's own code applies (so the value written into a
 * block is the one the template computes for the word): a bound name, a constant, an
 * operator of the template subset on two of them, a unary operator, or `?:`.
 */
export type SymbolExpression =
  | readonly ['n', string]
  | readonly ['c', number | boolean]
  | readonly [BinaryOperator, SymbolExpression, SymbolExpression]
  | readonly ['neg' | '~', SymbolExpression]
  | readonly ['?', SymbolExpression, SymbolExpression, SymbolExpression];

/**
 * The parts of a register-file access: a word read or write (`32`) or a 64-bit
 * register's (`64`); a write is the code before its value (`-pre`) and after it.
 */
export type RegisterAccess = 'get32' | 'set32-pre' | 'set32' | 'get64' | 'set64-pre' | 'set64';

export type BinaryOperator = '|' | '&' | '^' | '<<' | '>>' | '>>>' | '+' | '-' | '*' | '/' | '<' | '>' | '<=' | '>=' | '===' | '!==';

/** What a marker stands for. */
export type Relocation =
  /** A symbol's value for the word: an i32.const immediate (ToInt32; a boolean as 0 or 1), or an i64.const one. */
  | { readonly form: 'i32' | 'i64'; readonly value: SymbolExpression }
  /**
   * A register-file access at byte offset `at` (RegisterAccess), as the block keeps the
   * register: in the file (a load or store at the register file's address), or in an i64
   * local (a loop's registers: its value, or one half of it).
   */
  | { readonly form: 'reg'; readonly access: RegisterAccess; readonly at: SymbolExpression }
  /** Code writing every register the block keeps in a local back to the file (before a call that may fault). */
  | { readonly form: 'spill' }
  /** A local bound by name in the fragment's context (the frame's `nipHi`, `nipLo`), placed where the block has it. */
  | { readonly form: 'bound'; readonly name: string }
  /** The fragment's own local `index` (counted from its first), placed after the block's locals so far. */
  | { readonly form: 'local'; readonly index: number }
  /** The function index of the imported accessor `name` in the block's module. */
  | { readonly form: 'access'; readonly name: string }
  /** The instruction's address (low, high word) and its index in the block, for the record of a fault. */
  | { readonly form: 'cia-lo' | 'cia-hi' | 'index' }
  /** A memarg offset into the block's vCPU's TLB (memory/arena.ts): its address plus `offset`. */
  | { readonly form: 'tlb'; readonly offset: number };

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

/** The value of `e` for these bindings. */
export function evaluateSymbol(e: SymbolExpression, bindings: ReadonlyMap<string, number>): number | boolean {
  switch (e[0]) {
    case 'n': {
      const v = bindings.get(e[1]);
      if (v === undefined) throw new TemplateCompileError(`no binding ${e[1]} for a relocation`);
      return v;
    }
    case 'c': return e[1];
    case 'neg': return -(evaluateSymbol(e[1], bindings) as number);
    case '~': return ~(evaluateSymbol(e[1], bindings) as number);
    case '?': return evaluateSymbol(e[1], bindings) ? evaluateSymbol(e[2], bindings) : evaluateSymbol(e[3], bindings);
    default: {
      const a = evaluateSymbol(e[1], bindings) as number, b = evaluateSymbol(e[2], bindings) as number;
      switch (e[0]) {
        case '|': return a | b; case '&': return a & b; case '^': return a ^ b;
        case '<<': return a << b; case '>>': return a >> b; case '>>>': return a >>> b;
        case '+': return a + b; case '-': return a - b; case '*': return a * b;
        case '/': {
          const q = a / b;
          if (!Number.isInteger(q)) throw new TemplateCompileError(`a relocation's division ${a} / ${b} is not exact`);
          return q;
        }
        case '<': return a < b; case '>': return a > b; case '<=': return a <= b; case '>=': return a >= b;
        case '===': return a === b; case '!==': return a !== b;
      }
    }
  }
  throw new TemplateCompileError(`a relocation's operator ${String(e[0])}`);
}

/** A relocation's value for an immediate or offset: an exact integer (a boolean as 0 or 1). */
export function symbolNumber(e: SymbolExpression, bindings: ReadonlyMap<string, number>): number {
  const v = evaluateSymbol(e, bindings);
  const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  if (!Number.isSafeInteger(n)) throw new TemplateCompileError(`a symbol's value ${n} is outside the exact integer range`);
  return n;
}

/** The first bound name in `e` (the one a fragment binds when it must know the value). */
export function firstName(e: SymbolExpression): string | undefined {
  if (e[0] === 'n') return e[1];
  if (e[0] === 'c') return undefined;
  for (let i = 1; i < e.length; i++) {
    const n = firstName(e[i] as SymbolExpression);
    if (n !== undefined) return n;
  }
  return undefined;
}
