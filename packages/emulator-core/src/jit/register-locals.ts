import { W_GPR, W_CR, W_XER, W_LR, W_CTR, W_TAR, W_CFAR } from '../state/layout.js';

/** The register-file words of the GPRs: 32 registers, two 32-bit halves each. */
const GPR_WORDS = 64;

/**
 * The other words templates name (isa/semantics/hot.ts, as literals in block code):
 * CR, XER and both halves of LR, CTR, TAR and CFAR. They live in locals only in a block
 * that passes neither `cpu` nor `r` to a call (setCr0, setOverflow and linkRegister read
 * or write them in the register file); the Cpu's load and store methods do not touch
 * the register file.
 */
const SPECIAL_WORDS = new Set([W_CR, W_XER, W_LR, W_LR + 1, W_CTR, W_CTR + 1, W_TAR, W_TAR + 1, W_CFAR, W_CFAR + 1]);
/** A call that is given the Cpu or the register file. */
const PASSES_STATE = /[\w$]\s*\(\s*(?:cpu|r)\s*[,)]/;
/** A register-file word indexed by name (block code has literals: gen/block.ts). */
const NAMED_INDEX = /\br\[\s*W_/;
/** A Cpu method other than the storage accessors. */
const OTHER_CPU_CALL = /\bcpu\.(?!(?:load|store)(?:8|16|32|64)\()[\w$]+\s*\(/;

/** `r[N]` or `r[N + 1]` with a literal N: what an expanded template's field access becomes (gen/block.ts). */
const LITERAL_INDEX = /\br\[(\d+)(\s*\+\s*1)?\]/g;
/** `gN =`, a local assigned (not a comparison; compound forms are refused, coerceAssignments). */
const ASSIGNED = /\bg(\d+)\s*=(?!=)/g;
/** Every register-file access left after the rewrite. */
const ANY_INDEX = /\br\[([^\]]*)\]/g;
/** An access that cannot be a GPR: a named register-file word (W_CR, W_CTR + 1, ...) or a literal past the GPRs. */
const NOT_GPR = /^\s*(W_[A-Z0-9_]+|\d+)(\s*\+\s*1)?\s*$/;

/**
 * A block's GPRs in JavaScript locals: within a translated block (and across the passes
 * of a block that loops on itself) V8 then keeps guest registers in host registers
 * instead of loading and storing the register file's Int32Array at every use, as
 * QEMU's TCG keeps guest registers in host temporaries between its syncs.
 *
 * The block's code, as expanded from the templates, names a GPR word only as `r[N]` or
 * `r[N + 1]` with N a literal (the fields are literals there); those become `gN`, and
 * so do CR, XER, LR, CTR, TAR and CFAR (SPECIAL_WORDS) when no call in the block is
 * given the Cpu or the register file.
 * Anything else of the register file the block touches must visibly not be a GPR
 * (`r[W_CR]`, `r[320]`); if a part indexes the register file any other way, the answer
 * is undefined and the block keeps every access in the register file. The helpers the
 * templates call (isa/semantics/helpers.ts) and the handlers read GPRs from the
 * register file; blockSource uses locals only in blocks of templates alone that loop on
 * themselves, and writes them back at a template's fault and at every way out.
 */
export interface RegisterLocals {
  /** The parts with their GPR accesses on locals. */
  readonly parts: string[];
  /** `let g6 = r[6], ...;`: the locals, read from the register file. */
  readonly declare: string;
  /** `r[6] = g6; ...`: the locals written back. */
  readonly writeBack: string;
}

export function registerLocals(parts: readonly string[]): RegisterLocals | undefined {
  // the locals' names must be free (no template names a variable gN)
  if (parts.some((code) => /\bg\d+\b/.test(code))) return undefined;
  const used = new Set<number>();
  // a word named rather than literal (`r[W_CR]`) could alias a special local: then only GPRs
  const special = !parts.some((code) => PASSES_STATE.test(code) || OTHER_CPU_CALL.test(code) || NAMED_INDEX.test(code));
  const inLocal = (word: number): boolean => (word >= W_GPR && word < W_GPR + GPR_WORDS) || (special && SPECIAL_WORDS.has(word));
  const out = parts.map((code) => code.replace(LITERAL_INDEX, (whole, n: string, plusOne: string | undefined) => {
    const word = Number(n) + (plusOne ? 1 : 0);
    if (!inLocal(word)) return whole;
    used.add(word);
    return `g${word}`;
  }));
  for (let i = 0; i < out.length; i++) {
    const coerced = coerceAssignments(out[i]!);
    if (coerced === undefined) return undefined;
    out[i] = coerced;
  }
  for (const code of out) {
    for (const m of code.matchAll(ANY_INDEX)) {
      const index = m[1]!;
      if (!NOT_GPR.test(index)) return undefined;
      const literal = /^\s*(\d+)(\s*\+\s*1)?\s*$/.exec(index);
      if (literal && inLocal(Number(literal[1]) + (literal[2] ? 1 : 0))) return undefined;
    }
  }
  const words = [...used].sort((a, b) => a - b);
  if (words.length === 0) return { parts: out, declare: '', writeBack: '' };
  // only the locals the block assigns need writing back
  const written = new Set<number>();
  for (const code of out) for (const m of code.matchAll(ASSIGNED)) written.add(Number(m[1]));
  return {
    parts: out,
    declare: `let ${words.map((w) => `g${w} = r[${w}]`).join(', ')};`,
    writeBack: words.filter((w) => written.has(w)).map((w) => `r[${w}] = g${w};`).join(' '),
  };
}

/**
 * Every `gN = expr` as `gN = (expr) | 0`: a store into the Int32Array register file
 * converts its value to a 32-bit integer (ToInt32), a local keeps what it is given, so
 * a template value that is not already an int32 (a `>>> 0` result above 2^31, a
 * fraction) must be converted where the local takes it, or a later signed comparison
 * or equality would see a different value than the register file would hold (and V8
 * would have to keep the local as a double). The expression ends at the first `;` or
 * `,` outside brackets, or at a bracket it did not open. Undefined when a local is
 * assigned in any other form (`+=`, `++`): the block then keeps the register file.
 */
export function coerceAssignments(code: string): string | undefined {
  if (/\bg\d+\s*(?:[-+*\/%&|^]|<<|>>>?|\*\*)=|\bg\d+\s*(?:\+\+|--)|(?:\+\+|--)\s*g\d+\b/.test(code)) return undefined;
  let out = '';
  let from = 0;
  for (const m of code.matchAll(ASSIGNED)) {
    const start = m.index + m[0].length;
    if (start < from) return undefined; // an assignment inside another's expression
    let depth = 0, end = start;
    for (; end < code.length; end++) {
      const ch = code[end]!;
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') { if (depth === 0) break; depth--; }
      else if ((ch === ';' || ch === ',') && depth === 0) break;
    }
    out += `${code.slice(from, start)} (${code.slice(start, end).trim()}) | 0`;
    from = end;
  }
  return out + code.slice(from);
}
