/**
 * The 64-bit macros of the template language (isa/semantics/template.ts): a template
 * may compute with whole 64-bit values, as the ISA's RTL does (`RT <- (RA|0) + EXTS(SI)`),
 * instead of writing out the two Int32 halves the register file keeps. This module
 * expands the macros into that halves code for the interpreter and the JavaScript back
 * end; the WebAssembly back end (jit/wasm/template-compiler.ts) compiles the same macros
 * to i64 operations, which is what makes it worth having (docs/ARCHITECTURE.md, "the
 * representation is the limit").
 *
 * The macros, each on 64-bit values unless said otherwise:
 * - `GPR(g$F)`: GPR F; `GPR_OR0(g$F)`: GPR F, or 0 when F is 0 (the ISA's `(RA|0)`);
 *   `REG64(W_CTR)`: another 64-bit register of the register file (LR, CTR, TAR);
 * - `EXTS(x)`: the int32 number x sign-extended; `EXTZ(x)`: its 32 bits zero-extended;
 * - `JOIN64(h, l)`: the value whose high and low words are the int32 numbers h and l
 *   (a load's halves, a rotate's result): written with SET_GPR, a register is one
 *   64-bit store in WebAssembly, which a later 64-bit read of it can take from the
 *   store buffer (two 32-bit stores read back as one 64-bit load stall the pipeline);
 * - `ADD64(a, b)`, `ADD64(a, b, c)` with c a carry-in 0 or 1: the sum modulo 2^64;
 * - `AND64`, `OR64`, `XOR64` (two operands), `NOT64` (one);
 * - `HI(v)`, `LO(v)`: the high and low words of the 64-bit local v, as int32 numbers
 *   (for the helpers that take halves: setCr0, setOverflow);
 * - `LT64S(a, b)`, `GT64S(a, b)`, `LT64U(a, b)`, `GT64U(a, b)`, `EQ64(a, b)`, `NZ64(a)`:
 *   comparisons of 64-bit locals (signed, unsigned), JavaScript booleans usable in any
 *   expression;
 * and two statement forms, which are where 64-bit values live:
 * - `const v = <64-bit expression>;` (one declarator): a 64-bit local;
 * - `SET_GPR(g$F, <64-bit expression>);` (and `SET_REG64(W_CTR, ...)`): writes GPR F.
 * An argument of a 64-bit operation is a macro or a 64-bit local; a 64-bit local is
 * used only as such an argument or under HI/LO. Every GPR read is taken into a local
 * before any write of the statement, so RT may be RA.
 */

/**
 * Every macro and its argument count (min, max): the one list, which the WebAssembly
 * compiler (jit/wasm/template-compiler.ts) uses too. The first group are 64-bit
 * expressions; HI/LO and the comparisons give JavaScript numbers and booleans; the
 * SET_ ones are statements.
 */
export const WIDE_MACROS: Readonly<Record<string, readonly [number, number]>> = {
  GPR: [1, 1], REG64: [1, 1], GPR_OR0: [1, 1], EXTS: [1, 1], EXTZ: [1, 1], JOIN64: [2, 2], ADD64: [2, 3],
  AND64: [2, 2], OR64: [2, 2], XOR64: [2, 2], NOT64: [1, 1],
  HI: [1, 1], LO: [1, 1], LT64S: [2, 2], GT64S: [2, 2], LT64U: [2, 2], GT64U: [2, 2], EQ64: [2, 2], NZ64: [1, 1],
  SET_GPR: [2, 2], SET_REG64: [2, 2],
};

/** The macros that are 64-bit expressions. */
const MACROS = new Set(['GPR', 'REG64', 'GPR_OR0', 'EXTS', 'EXTZ', 'JOIN64', 'ADD64', 'AND64', 'OR64', 'XOR64', 'NOT64']);

/** Whether a template body uses the 64-bit macros. */
export const usesWide = (body: string): boolean => WIDE_NAME.test(body);

/** Any macro name before its parenthesis. */
const WIDE_NAME = new RegExp(`\\b(${Object.keys(WIDE_MACROS).join('|')})\\(`);

/** A parsed macro expression: a macro call, a 64-bit local, or (as an operand of EXTS or a carry) JavaScript text. */
type Node =
  | { readonly is: 'macro'; readonly name: string; readonly args: readonly Node[] }
  | { readonly is: 'local'; readonly name: string }
  | { readonly is: 'text'; readonly text: string };

export class WideMacroError extends Error {
  constructor(message: string) { super(`64-bit macros: ${message}`); }
}

/** The index of the parenthesis closing the one at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new WideMacroError(`unbalanced parentheses in '${text.slice(open, open + 40)}'`);
}

/** The top-level comma-separated arguments between the parentheses at open and close. */
function splitArguments(text: string, open: number, close: number): string[] {
  const args: string[] = [];
  let depth = 0, start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { args.push(text.slice(start, i).trim()); start = i + 1; }
  }
  const last = text.slice(start, close).trim();
  if (last !== '' || args.length > 0) args.push(last);
  return args;
}

function parse(text: string, locals: ReadonlySet<string>, textAllowed: boolean): Node {
  const t = text.trim();
  const m = /^([A-Z][A-Z0-9_]*)\s*\(/.exec(t);
  if (m && MACROS.has(m[1]!)) {
    const open = m[0].length - 1;
    const close = closing(t, open);
    if (close !== t.length - 1) throw new WideMacroError(`'${t}' is more than one macro`);
    const name = m[1]!;
    const raw = splitArguments(t, open, close);
    const [min, max] = WIDE_MACROS[name]!;
    if (raw.length < min || raw.length > max) throw new WideMacroError(`${name} takes ${min === max ? min : `${min} or ${max}`} arguments, got ${raw.length}`);
    // GPR's argument is a register word; EXTS's, EXTZ's, JOIN64's and ADD64's carry are numbers
    const numbers = name === 'GPR' || name === 'REG64' || name === 'GPR_OR0' || name === 'EXTS' || name === 'EXTZ' || name === 'JOIN64';
    const args = raw.map((a, i) => (numbers || i === 2 ? { is: 'text', text: a } as const : parse(a, locals, false)));
    return { is: 'macro', name, args };
  }
  if (locals.has(t)) return { is: 'local', name: t };
  if (textAllowed) return { is: 'text', text: t };
  throw new WideMacroError(`'${t}' is not a 64-bit value (a macro or a 64-bit local)`);
}

/** Halves code for one statement: statements to run first, then the high and low words as expressions. */
interface Halves { readonly h: string; readonly l: string }

class Expander {
  private temp = 0;
  readonly pre: string[] = [];

  constructor(private readonly prefix: string) {}

  private fresh(): string { return `${this.prefix}${this.temp++}`; }

  halves(n: Node): Halves {
    if (n.is === 'local') return { h: `${n.name}_h`, l: `${n.name}_l` };
    if (n.is === 'text') throw new WideMacroError(`'${n.text}' is not a 64-bit value`);
    const t = this.fresh();
    const arg = (i: number): Node => n.args[i]!;
    const text = (i: number): string => (arg(i) as { text: string }).text;
    switch (n.name) {
      case 'GPR': case 'REG64':
        this.pre.push(`const ${t}_l = r[${text(0)}]!, ${t}_h = r[${text(0)} + 1]!;`);
        return { h: `${t}_h`, l: `${t}_l` };
      case 'GPR_OR0':
        this.pre.push(`const ${t}_l = ${text(0)} === 0 ? 0 : r[${text(0)}]!, ${t}_h = ${text(0)} === 0 ? 0 : r[${text(0)} + 1]!;`);
        return { h: `${t}_h`, l: `${t}_l` };
      case 'EXTS':
        this.pre.push(`const ${t}_l = (${text(0)}) | 0;`);
        return { h: `(${t}_l >> 31)`, l: `${t}_l` };
      case 'EXTZ':
        this.pre.push(`const ${t}_l = (${text(0)}) | 0;`);
        return { h: '0', l: `${t}_l` };
      case 'JOIN64':
        // the high word first, as written (cpu.loadedHi after the load that set it)
        this.pre.push(`const ${t}_h = (${text(0)}) | 0, ${t}_l = (${text(1)}) | 0;`);
        return { h: `${t}_h`, l: `${t}_l` };
      case 'ADD64': {
        const b1 = arg(1);
        if (n.args.length === 2 && b1.is === 'macro' && b1.name === 'EXTS' && (b1.args[0] as { text: string }).text.trim() === '-1') {
          // a decrement (bc's CTR): the high word moves only when the low one wraps to -1,
          // which costs the interpreter less than a general 64-bit add
          const a = this.halves(arg(0));
          this.pre.push(`const ${t}_l = (${a.l} - 1) | 0, ${t}_h = ${t}_l === -1 ? (${a.h} - 1) | 0 : ${a.h};`);
          return { h: `${t}_h`, l: `${t}_l` };
        }
        const a = this.halves(arg(0)), b = this.halves(arg(1));
        const carryIn = n.args.length === 3 ? ` + (${text(2)})` : '';
        this.pre.push(`const ${t}_s = (${a.l} >>> 0) + (${b.l} >>> 0)${carryIn};`);
        this.pre.push(`const ${t}_l = ${t}_s | 0, ${t}_h = (${a.h} + ${b.h} + (${t}_s >= TWO32 ? 1 : 0)) | 0;`);
        return { h: `${t}_h`, l: `${t}_l` };
      }
      case 'AND64': case 'OR64': case 'XOR64': {
        const op = n.name === 'AND64' ? '&' : n.name === 'OR64' ? '|' : '^';
        const a = this.halves(arg(0)), b = this.halves(arg(1));
        return { h: `(${a.h} ${op} ${b.h})`, l: `(${a.l} ${op} ${b.l})` };
      }
      case 'NOT64': {
        const a = this.halves(arg(0));
        return { h: `~${a.h}`, l: `~${a.l}` };
      }
      default: throw new WideMacroError(`unknown macro ${n.name}`);
    }
  }
}

/** The end of the statement starting at `from` whose macro call opens at `open`: the `;` after its parentheses. */
function statementEnd(body: string, open: number): number {
  const close = closing(body, open);
  const semi = body.indexOf(';', close);
  if (semi < 0 || body.slice(close + 1, semi).trim() !== '') throw new WideMacroError(`no ';' after '${body.slice(open - 10, close + 1)}'`);
  return semi;
}

/**
 * The body with its 64-bit macros expanded into Int32-halves code over `r` (a body
 * without them comes back unchanged). TWO32 must be in scope, as it is for templates.
 */
export function expandWide(body: string): string {
  if (!usesWide(body)) return body;
  let expanded = expansions.get(body);
  if (expanded === undefined) { expanded = expand(body); expansions.set(body, expanded); }
  return expanded;
}

/** Expanded bodies by their text: a translator expands the same few templates over and over. */
const expansions = new Map<string, string>();

function expand(body: string): string {
  const locals = new Set<string>();
  let out = '';
  let at = 0;
  let statements = 0;
  const DECL = /\bconst\s+([A-Za-z_][\w]*)\s*=\s*([A-Z][A-Z0-9_]*)\s*\(/g;
  const SET = /\bSET_(?:GPR|REG64)\s*\(/g;
  for (;;) {
    DECL.lastIndex = at; SET.lastIndex = at;
    let d = DECL.exec(body);
    while (d && !MACROS.has(d[2]!)) d = DECL.exec(body);
    const s = SET.exec(body);
    const next = d && (!s || d.index < s.index) ? d : s;
    if (!next) break;
    out += body.slice(at, next.index);
    // each statement of the expansion on its own line, at the macro statement's indentation
    const lineStart = body.lastIndexOf('\n', next.index) + 1;
    const pad = /^[ \t]*/.exec(body.slice(lineStart))![0];
    const x = new Expander(`w${statements++}_`);
    if (next === d) {
      const name = d[1]!;
      const open = d.index + d[0].length - 1;
      const end = statementEnd(body, open);
      const expr = body.slice(open - d[2]!.length, end);
      const v = x.halves(parse(expr, locals, false));
      out += [...x.pre, `const ${name}_l = ${v.l}, ${name}_h = ${v.h};`].join(`\n${pad}`);
      locals.add(name);
      at = end + 1;
    } else {
      const open = s!.index + s![0].length - 1;
      const end = statementEnd(body, open);
      const args = splitArguments(body, open, closing(body, open));
      if (args.length !== 2) throw new WideMacroError('SET_GPR and SET_REG64 take a register word and a 64-bit value');
      const v = x.halves(parse(args[1]!, locals, false));
      out += [...x.pre, `r[${args[0]}] = ${v.l}; r[${args[0]} + 1] = ${v.h};`].join(`\n${pad}`);
      at = end + 1;
    }
  }
  out += body.slice(at);
  // comparisons of 64-bit locals, as boolean expressions over their halves
  const wideLocal = (name: string, what: string): void => { if (!locals.has(name)) throw new WideMacroError(`${what}: ${name} is not a 64-bit local`); };
  out = out.replace(/\b(LT64S|GT64S|LT64U|GT64U|EQ64)\(\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)/g, (_m, op: string, a: string, b: string) => {
    wideLocal(a, op); wideLocal(b, op);
    const lowCompare = (rel: string): string => `(${a}_l >>> 0) ${rel} (${b}_l >>> 0)`;
    switch (op) {
      case 'LT64S': return `(${a}_h < ${b}_h || (${a}_h === ${b}_h && ${lowCompare('<')}))`;
      case 'GT64S': return `(${a}_h > ${b}_h || (${a}_h === ${b}_h && ${lowCompare('>')}))`;
      case 'LT64U': return `((${a}_h >>> 0) < (${b}_h >>> 0) || (${a}_h === ${b}_h && ${lowCompare('<')}))`;
      case 'GT64U': return `((${a}_h >>> 0) > (${b}_h >>> 0) || (${a}_h === ${b}_h && ${lowCompare('>')}))`;
      default: return `(${a}_h === ${b}_h && ${a}_l === ${b}_l)`;
    }
  });
  out = out.replace(/\bNZ64\(\s*([A-Za-z_]\w*)\s*\)/g, (_m, a: string) => { wideLocal(a, 'NZ64'); return `((${a}_h | ${a}_l) !== 0)`; });
  // HI(v) / LO(v) of a 64-bit local
  out = out.replace(/\b(HI|LO)\(\s*([A-Za-z_]\w*)\s*\)/g, (_m, half: string, name: string) => {
    if (!locals.has(name)) throw new WideMacroError(`${half}(${name}): ${name} is not a 64-bit local`);
    return `${name}_${half === 'HI' ? 'h' : 'l'}`;
  });
  const left = WIDE_NAME.exec(out);
  if (left) throw new WideMacroError(`${left[1]} outside a 64-bit statement`);
  for (const name of locals) {
    if (new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(out)) throw new WideMacroError(`the 64-bit local ${name} used outside a macro`);
  }
  return out;
}
