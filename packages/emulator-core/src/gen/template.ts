import { FIELD_SPECS, fieldMask, type FieldName } from '../decode/field-specs.js';
import type { Semantics } from '../isa/semantics/template.js';
import { extractExpr, registerWordExpr } from './field-code.js';
import { expandWide } from './wide.js';

/**
 * Expands an instruction template (isa/semantics/template.ts) into JavaScript for one
 * of its two homes: the interpreter's inline switch case, or a handler function.
 */
export type Target = 'inline' | 'handler';

const FIELD_REF = /(?<![\w$])(g?)\$([A-Za-z][A-Za-z0-9_]*)/g;

function isField(name: string): name is FieldName {
  return Object.prototype.hasOwnProperty.call(FIELD_SPECS, name);
}

/** The fields a piece of template text reads, as values and as register words. */
export function fieldsUsed(text: string): { values: Set<FieldName>; registerWords: Set<FieldName> } {
  const values = new Set<FieldName>(), registerWords = new Set<FieldName>();
  for (const m of text.matchAll(FIELD_REF)) {
    const name = m[2]!;
    if (!isField(name)) throw new Error(`template: unknown field $${name}`);
    (m[1] ? registerWords : values).add(name);
  }
  return { values, registerWords };
}

/** `const $F = ...;` lines for the fields `text` reads. */
export function fieldDeclarations(text: string): string[] {
  const { values, registerWords } = fieldsUsed(text);
  const out: string[] = [];
  for (const f of values) out.push(`const $${f} = ${extractExpr(FIELD_SPECS[f])};`);
  for (const f of registerWords) out.push(`const g$${f} = ${registerWordExpr(FIELD_SPECS[f])};`);
  return out;
}

/** The mask of the bits `inlineWhen` fixes (all to zero). */
export function inlineMask(s: Semantics): number {
  let m = 0;
  for (const f of Object.keys(s.inlineWhen ?? {}) as FieldName[]) m |= fieldMask(FIELD_SPECS[f]);
  return m >>> 0;
}

function checkBody(s: Semantics): void {
  if (/\b(for|while|do|switch)\b/.test(s.body)) throw new Error(`template ${s.mnemonic}: no loops or switches in a body`);
  if (!/\bNEXT;|\bJUMP\(/.test(s.body)) throw new Error(`template ${s.mnemonic}: a body ends with NEXT; or JUMP(hi, lo);`);
  if ((s.guard === undefined) !== (s.otherwise === undefined)) throw new Error(`template ${s.mnemonic}: guard and otherwise go together`);
}

/** The body with its macros expanded for `target`. */
export function expandBody(s: Semantics, target: Target): string {
  checkBody(s);
  const inline = target === 'inline';
  let body = expandWide(s.body)
    .replace(/\bJUMP\(\s*([\w$]+)\s*,\s*([\w$]+)\s*\);/g, (_m, h: string, l: string) => inline
      ? `{ pcLo = ${l}; pcHi = ${h}; if (ctl[ci] !== 0 || --poll <= 0) { event = true; break inner; } continue; }`
      : `{ r[W_NIP] = ${l}; r[W_NIP + 1] = ${h}; return Flow.Jump; }`)
    .replace(/\bNEXT;/g, inline ? 'break;' : 'return Flow.Next;')
    .replace(/\bPC_LO\b/g, inline ? 'pcLo' : 'r[W_NIP]!')
    .replace(/\bPC_HI\b/g, inline ? 'pcHi' : 'r[W_NIP + 1]!')
    .replace(/\bLE\b/g, inline ? 'le' : 'cpu.littleEndian');
  if (/\bJUMP\(/.test(body)) throw new Error(`template ${s.mnemonic}: JUMP takes two identifiers`);
  body = body.split('\n').map((l) => l.trimEnd()).filter((l, i, a) => l !== '' || (i > 0 && a[i - 1] !== '')).join('\n');
  return body.replace(/^\n+|\s+$/g, '');
}

/** Re-indents a block: strips its common leading spaces, then prefixes `pad`. */
function indent(text: string, pad: string): string {
  const lines = text.split('\n');
  const depth = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => (l.trim() === '' ? '' : pad + l.slice(depth))).join('\n');
}

/** The inline case for the interpreter's switch (fast-loop.ts), at the switch's indentation. */
export function inlineCase(s: Semantics, hotId: string): string {
  const fixed = s.inlineWhen ?? {};
  let body = expandBody(s, 'inline');
  // the fields the inline form fixes become literals, and the statements they disable go:
  // the inline case carries no dead code (V8's inlining budget counts what is written)
  for (const [f, v] of Object.entries(fixed)) body = body.replace(new RegExp(`(?<![\\w$])\\$${f}\\b`, 'g'), String(v));
  body = body.split('\n').filter((l) => !/^\s*if \(0\) [^;{}]*;\s*$/.test(l)).join('\n');
  if (/\bif \(0\)/.test(body)) throw new Error(`template ${s.mnemonic}: a statement disabled by inlineWhen must be one line`);
  const decls = fieldDeclarations(body);
  return [
    `        // ${s.doc}`,
    `        case HOT.${hotId}: {`,
    ...decls.map((d) => `          ${d}`),
    indent(body, '          '),
    '        }',
  ].join('\n');
}

/** The handler function every form of the instruction runs outside the inline case. */
export function handlerFunction(s: Semantics, name: string): string {
  const body = expandBody(s, 'handler');
  const guard = s.guard ? `  if (!(${s.guard})) return ${s.otherwise!.handler}(cpu, w);\n` : '';
  const decls = fieldDeclarations(guard + body);
  return [
    `/** ${s.doc} */`,
    `export function ${name}(cpu: Cpu, w: number): number {`,
    '  const r = cpu.r;',
    ...decls.map((d) => `  ${d}`),
    guard + indent(body, '  '),
    '}',
  ].join('\n');
}

/** A predicate over the word for the guard, or undefined. */
export function guardFunction(s: Semantics, name: string): string | undefined {
  if (!s.guard) return undefined;
  const decls = fieldDeclarations(s.guard);
  return [
    `function ${name}(w: number): boolean {`,
    ...decls.map((d) => `  ${d}`),
    `  return ${s.guard};`,
    '}',
  ].join('\n');
}
