import { FIELD_SPECS, fieldValue, type FieldName } from '../decode/field-specs.js';
import type { Semantics } from '../isa/semantics/template.js';
import { hotSemantics } from '../isa/semantics/hot.js';
import { fieldsUsed, fieldDeclarations } from './template.js';
import { expandWide } from './wide.js';
import * as helpers from '../isa/semantics/helpers.js';
import { W_NIP } from '../state/layout.js';
import type { Cpu } from '../cpu/cpu.js';

/**
 * An instruction template expanded for one known word at one known address: the
 * third home of a template, besides the interpreter's inline case and its handler,
 * and the one a block translator uses. Every field is a literal (V8 folds the
 * branches a field decides), NEXT leaves the instruction's labelled block, JUMP ends
 * the translated block with the branch target in `nipHi`/`nipLo`.
 *
 * The code runs inside a function with `cpu`, `r` (the register file), `le` (MSR[LE]
 * when the block was translated) and the helpers of isa/semantics/helpers.ts in scope,
 * and the labels `block` (the whole translated block) and `label` (this instruction).
 * With `wide`, the 64-bit macros (gen/wide.ts) stay for the WebAssembly back end, which
 * compiles them to i64 operations; otherwise they become Int32-halves code.
 */
export function instructionInBlock(s: Semantics, w: number, ciaHi: number, ciaLo: number, label: string, wide = false): string {
  if (s.guard && !guardHolds(s, w)) throw new Error(`translate: ${s.mnemonic} word 0x${(w >>> 0).toString(16)} fails its guard (use its handler)`);
  const literal = (f: FieldName): string => String(fieldValue(FIELD_SPECS[f], w));
  const body = preparedBody(s, wide)
    .replace(/\bNEXT;/g, `break ${label};`)
    .replace(/\bPC_LO\b/g, String(ciaLo | 0))
    .replace(/\bPC_HI\b/g, String(ciaHi | 0))
    .replace(/(?<![\w$])g\$([A-Za-z][A-Za-z0-9_]*)/g, (_m, f: string) => String(2 * fieldValue(FIELD_SPECS[f as FieldName], w)))
    .replace(/(?<![\w$])\$([A-Za-z][A-Za-z0-9_]*)/g, (_m, f: string) => `(${literal(f as FieldName)})`);
  // a call a literal 0 guards never runs (`if ($Rc) setCr0(...)` with Rc=0): dropped, so
  // that the block's text names only the calls it makes (jit/register-locals.ts reads it)
  return `${label}: {\n${body.replace(DEAD_CALL, '')}\n}`;
}

/**
 * A template as the WebAssembly back end compiles it: one text per template, parsed
 * once (jit/wasm/template-compiler.ts parseStatements), with the 64-bit macros kept, the
 * instruction's block labelled `insn` (NEXT leaves it) and its fields (`$F`, the
 * register-word form `g$F`) and address (PC_LO, PC_HI) left as names that
 * instructionBindings binds for each word. The same rewrites as instructionInBlock
 * otherwise, so both back ends compile the same template text.
 */
export function instructionTemplate64(s: Semantics): string {
  let text = templates64.get(s);
  if (text === undefined) {
    text = `insn: {\n${preparedBody(s, true).replace(/\bNEXT;/g, 'break insn;')}\n}`;
    templates64.set(s, text);
  }
  return text;
}

const templates64 = new WeakMap<Semantics, string>();

/**
 * A template as the WebAssembly interpreter runs it (jit/wasm/interpreter.ts): the
 * text of instructionTemplate64 for the words the interpreter's inline case takes (the
 * fields `inlineWhen` fixes are literals, as in gen/template.ts inlineCase), its other
 * fields decoded from the word `w` at run time by the declarations the interpreter's
 * inline case has, PC_LO/PC_HI left as names for the instruction's address.
 */
export function interpreterTemplate64(s: Semantics): string {
  let text = interpreterTemplates.get(s);
  if (text === undefined) {
    let body = preparedBody(s, true).replace(/\bNEXT;/g, 'break insn;');
    for (const [f, v] of Object.entries(s.inlineWhen ?? {})) body = body.replace(new RegExp(`(?<![\\w$])\\$${f}\\b`, 'g'), String(v));
    text = `insn: {\n${fieldDeclarations(body).join('\n')}\n${body}\n}`;
    interpreterTemplates.set(s, text);
  }
  return text;
}

const interpreterTemplates = new WeakMap<Semantics, string>();

/** The names of a template's fields, as instructionTemplate64 leaves them, found once per template. */
const templateFields = new WeakMap<Semantics, { values: FieldName[]; registerWords: FieldName[] }>();

/**
 * The constants instructionTemplate64's text is compiled with for one word at one
 * address: `$F` the field's value, `g$F` its register-file word index (twice the
 * register number), PC_LO/PC_HI the address. Throws as instructionInBlock does when the
 * template's guard fails for the word.
 */
export function instructionBindings(s: Semantics, w: number, ciaHi: number, ciaLo: number): Map<string, number> {
  if (s.guard && !guardHolds(s, w)) throw new Error(`translate: ${s.mnemonic} word 0x${(w >>> 0).toString(16)} fails its guard (use its handler)`);
  const fields = fieldsOf(s);
  const bindings = new Map<string, number>([['PC_LO', ciaLo | 0], ['PC_HI', ciaHi | 0]]);
  for (const f of fields.values) bindings.set(`$${f}`, fieldValue(FIELD_SPECS[f], w));
  for (const f of fields.registerWords) bindings.set(`g$${f}`, 2 * fieldValue(FIELD_SPECS[f], w));
  return bindings;
}

function fieldsOf(s: Semantics): { values: FieldName[]; registerWords: FieldName[] } {
  let fields = templateFields.get(s);
  if (fields === undefined) {
    const used = fieldsUsed(preparedBody(s, true));
    fields = { values: [...used.values], registerWords: [...used.registerWords] };
    templateFields.set(s, fields);
  }
  return fields;
}

/** The names instructionBindings binds for template `s`. */
export function instructionBindingNames(s: Semantics): string[] {
  const fields = fieldsOf(s);
  return ['PC_LO', 'PC_HI', ...fields.values.map((f) => `$${f}`), ...fields.registerWords.map((f) => `g$${f}`)];
}

/** The rewrites of a template's body that do not depend on the word or the address, made once per template and form. */
const prepared = [new WeakMap<Semantics, string>(), new WeakMap<Semantics, string>()];

function preparedBody(s: Semantics, wide: boolean): string {
  const cache = prepared[wide ? 1 : 0]!;
  let body = cache.get(s);
  if (body === undefined) {
    body = toJavaScript(wide ? s.body : expandWide(s.body))
      .replace(/\bJUMP\(\s*([\w$]+)\s*,\s*([\w$]+)\s*\);/g, (_m, h: string, l: string) => `{ nipHi = ${h}; nipLo = ${l}; break block; }`)
      .replace(/\bLE\b/g, 'le')
      .replace(NUMERIC_HELPER, (name) => String(NUMERIC_HELPERS.get(name)));
    cache.set(s, body);
  }
  return body;
}

/**
 * Template bodies are TypeScript for the interpreter's copies; the translator compiles
 * them with `new Function`, so the two TypeScript-only forms templates may use go:
 * non-null assertions after an index (`r[i]!`) and `: number` annotations
 * (isa/semantics/template.ts allows no others).
 */
function toJavaScript(body: string): string {
  return body.replace(/\]!/g, ']').replace(/:\s*number\b/g, '');
}

type GuardTest = (h: typeof helpers, ...fields: number[]) => boolean;
/** Each template's guard compiled once, with the fields it reads. */
const guards = new WeakMap<Semantics, { test: GuardTest; fields: FieldName[] }>();

/** Whether the template's guard holds for this word (evaluated at translation time). */
export function guardHolds(s: Semantics, w: number): boolean {
  if (!s.guard) return true;
  let guard = guards.get(s);
  if (guard === undefined) {
    const fields = [...fieldsUsed(s.guard).values];
    const test = new Function('helpers', ...fields.map((f) => `$${f}`), `const { ${HELPER_NAMES.join(', ')} } = helpers; return (${s.guard});`) as GuardTest;
    guard = { test, fields };
    guards.set(s, guard);
  }
  return guard.test(helpers, ...guard.fields.map((f) => fieldValue(FIELD_SPECS[f], w)));
}

const HELPER_NAMES = Object.keys(helpers);

/** `if ((0)) f(...);` not followed by `else`: a call statement that cannot run. */
const DEAD_CALL = /\bif \(\(0\)\) [A-Za-z_$][\w$]*\([^;]*\);(?!\s*else\b)/g;

/**
 * The helpers that are numbers (register-file word indices such as W_CR, XER_SO, TWO32):
 * a block has them as literals, as it has the fields. A name from the block function's
 * closure is a context load V8 does not fold, and an index it cannot see is a bounds
 * check it cannot drop.
 */
const NUMERIC_HELPERS = new Map(Object.entries(helpers).filter((e): e is [string, number] => typeof e[1] === 'number'));
const NUMERIC_HELPER = new RegExp(`(?<![\\w$])(?:${[...NUMERIC_HELPERS.keys()].join('|')})(?![\\w$])`, 'g');

/** A translated block: runs its instructions once and leaves NIP at the next one to run. */
export type TranslatedBlock = (cpu: Cpu, r: Int32Array, le: boolean) => void;

/**
 * Translates straight-line instructions at ciaHi:ciaLo (each with its template) into
 * one function. A branch ends the block where it jumps; otherwise NIP moves past the
 * last instruction, with MSR[SF] as the block was translated under (`mode64`).
 */
export function translateBlock(instructions: readonly { s: Semantics; w: number }[], ciaHi: number, ciaLo: number, mode64: boolean): TranslatedBlock {
  const source = `const { ${HELPER_NAMES.join(', ')} } = helpers;
return function translated(cpu, r, le) {${straightLineSource(instructions, ciaHi, ciaLo, mode64)}};`;
  return (new Function('helpers', source) as (h: typeof helpers) => TranslatedBlock)(helpers);
}

/**
 * The statements of a straight-line block over `cpu`, `r` and `le` (translateBlock):
 * the JavaScript back end compiles them with `new Function`, the WebAssembly one
 * (jit/wasm/straight-block.ts) from the same text, with the 64-bit macros kept (`wide`).
 */
export function straightLineSource(instructions: readonly { s: Semantics; w: number }[], ciaHi: number, ciaLo: number, mode64: boolean, wide = false): string {
  const parts: string[] = [];
  let lo = ciaLo >>> 0, hi = ciaHi;
  instructions.forEach(({ s, w }, i) => {
    parts.push(instructionInBlock(s, w, hi, lo, `i${i}`, wide));
    lo += 4;
    if (lo >= 2 ** 32) { lo -= 2 ** 32; hi = mode64 ? (hi + 1) | 0 : 0; }
  });
  const fallThroughLo = lo | 0, fallThroughHi = mode64 ? hi : 0;
  return `
  let nipHi = ${fallThroughHi}, nipLo = ${fallThroughLo};
  block: {
${parts.join('\n')}
  }
  r[${W_NIP}] = nipLo; r[${W_NIP + 1}] = nipHi;
`;
}

/** The template of an instruction, when it has one (isa/semantics/hot.ts). */
export const instructionTemplate = (mnemonic: string): Semantics | undefined => hotSemantics.find((s) => s.mnemonic === mnemonic);
