import { Op, ValType, signedLeb } from './encoder.js';
import type { SymbolExpression } from './relocations.js';

/**
 * How the template compiler (template-compiler.ts) represents a JavaScript value of the
 * template subset in WebAssembly, so that every operation gives exactly what the
 * JavaScript gives:
 *
 * - `i32`: an integer in the int32 range (what `|`, `&`, `<<`, a register-file read
 *   give), held in an i32;
 * - `u32`: an integer in the uint32 range (what `>>>` gives), held in an i32 whose bits
 *   are the value;
 * - `i64`: any other integer (sums, differences: `(a >>> 0) + b` reaches 2^33), held
 *   exactly in an i64; templates never leave the 2^53 range JavaScript is exact in;
 * - `bool`: a JavaScript boolean, held as i32 0 or 1;
 * - `w64`: a 64-bit register value of the templates' 64-bit macros (gen/wide.ts), held in
 *   an i64 and computed modulo 2^64. It is not a JavaScript number: only the macros take
 *   it, and HI/LO turn it into i32 words.
 */
export type Kind = 'i32' | 'u32' | 'i64' | 'bool' | 'w64';

/**
 * A compiled expression: a value known at translation time, or code that leaves one
 * value of `kind`. Code built for a fragment (fragments.ts) may also hold a
 * `symbol`: a number known only when the fragment is copied into a block (a field of
 * the word, the instruction's address), whose code is a constant with a relocation.
 */
export type Value =
  | { readonly constant: number | boolean }
  | { readonly kind: Kind; readonly code: readonly number[]; readonly symbol?: Symbolic };

/**
 * A number (or boolean) a fragment leaves open: `expr`, an expression of bound names
 * (relocations.ts), exactly what the template's JavaScript computes, in [lo, hi] for
 * every value the names can have (a boolean's kind is 'bool'). Its code is a constant
 * through relocation `i32` (ToInt32 of it, a boolean as 0 or 1) or `i64`; `name` is its
 * first bound name; `nonZero` says the value is known not to be 0 (GPR_OR0's test,
 * fragments.ts).
 */
export interface Symbolic {
  readonly expr: SymbolExpression;
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  readonly i32: number;
  readonly i64: number;
  readonly nonZero: boolean;
}

/**
 * The compiler met a use of a symbolic value that needs it known (a test, a shift
 * count, a mask): the fragment is compiled again with `name` bound to its value, or
 * with only whether it is zero known (`zero`).
 */
export class NeedsConstant extends Error {
  constructor(readonly symbolName: string, readonly zero = false) { super(`wasm fragment: ${symbolName} must be known`); }
}

export const symbolOf = (v: Value): Symbolic | undefined => ('symbol' in v ? v.symbol : undefined);

/** The kind a symbolic value takes from its range, as constantKind gives it for each value in it. */
export function rangeKind(lo: number, hi: number): Kind {
  if (lo >= -0x80000000 && hi <= 0x7fffffff) return 'i32';
  if (lo >= 0 && hi <= 0xffffffff) return 'u32';
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new TemplateCompileError('a symbolic value outside the exact integer range');
  return 'i64';
}

export class TemplateCompileError extends Error {
  constructor(message: string) { super(`wasm translation: ${message}`); }
}

export const isConstant = (v: Value): v is { readonly constant: number | boolean } => 'constant' in v;

export const valType = (k: Kind): ValType => (k === 'i64' || k === 'w64' ? ValType.I64 : ValType.I32);

/** The kind a constant has when it is put in code. */
export function constantKind(c: number | boolean): Kind {
  if (typeof c === 'boolean') return 'bool';
  if (!Number.isInteger(c)) throw new TemplateCompileError(`the constant ${c} is not an integer`);
  if (c >= -0x80000000 && c <= 0x7fffffff) return 'i32';
  if (c >= 0 && c <= 0xffffffff) return 'u32';
  if (!Number.isSafeInteger(c)) throw new TemplateCompileError(`the constant ${c} is outside the exact integer range`);
  return 'i64';
}

export const kindOf = (v: Value): Kind => (isConstant(v) ? constantKind(v.constant) : v.kind);

function i32Const(value: number): number[] {
  const out: number[] = [Op.i32Const];
  signedLeb(out, value | 0);
  return out;
}

function i64Const(value: number): number[] {
  const out: number[] = [Op.i64Const];
  signedLeb(out, value);
  return out;
}

/** The code of a constant in its own kind. */
function constantCode(c: number | boolean): number[] {
  const k = constantKind(c);
  return k === 'i64' ? i64Const(c as number) : i32Const(Number(c));
}

/** Code leaving ToInt32(v) in an i32 (the operand of `|`, `&`, `<<`, an Int32Array store). */
export function int32Bits(v: Value): number[] {
  if (isConstant(v)) return i32Const(Number(v.constant) | 0);
  if (v.symbol !== undefined) return [Op.i32Const, v.symbol.i32];
  notWide(v);
  return v.kind === 'i64' ? [...v.code, Op.i32WrapI64] : [...v.code];
}

/** Code leaving the exact value of v in an i64 (the operand of `+`, `-`, `*`). */
export function int64(v: Value): number[] {
  if (isConstant(v)) return i64Const(Number(v.constant));
  if (v.symbol !== undefined) return [Op.i64Const, v.symbol.i64];
  notWide(v);
  switch (v.kind) {
    case 'i64': return [...v.code];
    case 'i32': return [...v.code, Op.i64ExtendI32S];
    default: return [...v.code, Op.i64ExtendI32U];
  }
}

/** Code leaving an i32 that is non-zero exactly when v is truthy. */
export function truthy(v: Value): number[] {
  if (isConstant(v)) return i32Const(v.constant ? 1 : 0);
  if (v.symbol !== undefined) throw new NeedsConstant(v.symbol.name);
  notWide(v);
  return v.kind === 'i64' ? [...v.code, Op.i64Const, 0, Op.i64Ne] : [...v.code];
}

/** The kind that holds values of both kinds (a variable assigned both, the arms of `?:`). */
export function joinKinds(a: Kind, b: Kind): Kind {
  if (a === b) return a;
  if (a === 'w64' || b === 'w64') throw new TemplateCompileError('a value is a 64-bit register value on one path and a number on another');
  if (a === 'bool' || b === 'bool') throw new TemplateCompileError('a value is a boolean on one path and a number on another');
  return 'i64';
}

/** Code leaving v in the representation of kind k (k holds every value v can have: joinKinds). */
export function asKind(v: Value, k: Kind): number[] {
  if (isConstant(v)) {
    if (k === 'i64') return i64Const(Number(v.constant));
    if (k === 'bool' || constantKind(v.constant) === 'bool') {
      if (k !== 'bool' || typeof v.constant !== 'boolean') throw new TemplateCompileError('a boolean and a number meet');
      return i32Const(v.constant ? 1 : 0);
    }
    return constantCode(v.constant);
  }
  if (v.symbol !== undefined) {
    if ((k === 'bool') !== (v.kind === 'bool')) throw new TemplateCompileError('a boolean and a number meet');
    return k === 'i64' ? int64(v) : materialize(v);
  }
  if (v.kind === k) return [...v.code];
  if (k === 'i64') return int64(v);
  throw new TemplateCompileError(`a ${v.kind} value where a ${k} is needed`);
}

/** A 64-bit register value where a JavaScript number is needed: the template must say HI or LO. */
function notWide(v: { readonly kind: Kind }): void {
  if (v.kind === 'w64') throw new TemplateCompileError('a 64-bit value used as a number (HI/LO take its words)');
}

/** Whether v's every possible value fits kind k's range (constants by their value). */
export function fits(v: Value, k: 'i32' | 'u32'): boolean {
  if (!isConstant(v) && v.symbol !== undefined) {
    if (v.kind === 'bool') return false;
    const { lo, hi } = v.symbol;
    return k === 'i32' ? lo >= -0x80000000 && hi <= 0x7fffffff : lo >= 0 && hi <= 0xffffffff;
  }
  if (!isConstant(v)) return v.kind === k;
  const c = v.constant;
  if (typeof c === 'boolean') return false;
  return k === 'i32' ? c >= -0x80000000 && c <= 0x7fffffff && Number.isInteger(c) : c >= 0 && c <= 0xffffffff && Number.isInteger(c);
}

/** Code of a constant as the kind `constantKind` gives it. */
export function materialize(v: Value): number[] {
  if (isConstant(v)) return constantCode(v.constant);
  if (v.symbol !== undefined) return v.kind === 'i64' ? [Op.i64Const, v.symbol.i64] : [Op.i32Const, v.symbol.i32];
  return [...v.code];
}
