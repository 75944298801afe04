import type * as es from 'acorn';
import { FIELD_SPECS, fieldWidth, type FieldName } from '../../decode/field-specs.js';
import type { Semantics } from '../../isa/semantics/template.js';
import { hotSemantics } from '../../isa/semantics/hot.js';
import { instructionTemplate64 } from '../../gen/block.js';
import { prebuiltFragments } from './prebuilt-fragments.js';
import { ValType, Op, signedLeb, unsignedLeb } from './encoder.js';
import { TemplateCompiler, transferRegisterLocals, type CompileContext, type BoundStatement } from './template-compiler.js';
import { TemplateCompileError, NeedsConstant } from './values.js';
import { Relocations, MARK_BASE, symbolNumber, type Relocation, type SymbolExpression, type RegisterAccess } from './relocations.js';

/**
 * Copy-and-patch for the WebAssembly blocks (engine-block.ts): an instruction's template
 * is compiled once for all the words that share its *steering* fields, the ones whose
 * values change the code (Rc, OE, BO, LK, an SPR number, RA = 0 of `(RA|0)`); every
 * other number (register offsets, immediates, the address, a branch target or link
 * value computed from them) stays open as a relocation (relocations.ts), and a block is
 * put together by copying each instruction's fragment and writing its numbers in.
 * Which fields steer is learned per template: a fragment's compilation that needs an
 * open value (NeedsConstant: a test, a value shaping the code) starts again with that
 * field bound, and the template keeps it bound from then on. The bundle carries the
 * fragments of the templates with few steering combinations (prebuilt-fragments.ts).
 *
 * The bytes are those the template compiler gives the whole block (fragments.test.ts
 * compares them): the template compiler stays the one translation of a template, run
 * once per template and steering values instead of once per instruction. In the C
 * workload (scale 20) all 64 blocks are put together from fragments and a run compiles
 * 9 of them (conditional branches, SPR moves; the rest come prebuilt), where compiling
 * blocks whole compiled each of about 400 instructions, most in V8's cold tiers.
 */

/** A template compiled for its steering values: code with markers, their relocations, and the fragment's own locals. */
export interface Fragment {
  readonly code: readonly number[];
  readonly relocations: readonly Relocation[];
  readonly locals: readonly ValType[];
  /** Byte offsets of the 64-bit registers the code names as whole values (a loop keeps them in locals: register-locals). */
  readonly wholeSlots: readonly SymbolExpression[];
}

/** What the block gives a fragment: the compiler's context but for what fragments set, and how a fault is recorded. */
export interface FragmentContext {
  /** The block's context (mode, TLB, register file): fragments.ts adds the relocations, the bound NIP locals and the fault record. */
  readonly compile: Omit<CompileContext, 'relocations' | 'beforeAccessCall' | 'locals' | 'intrinsics' | 'access' | 'registerLocals'>;
  /** Everything that makes two fragments of one template and steering values differ: the mode (engine-block.ts fragmentContext). */
  readonly key: string;
  /**
   * Indices the compiler gives the frame's `nipHi`, `nipLo` (JUMP writes them; relocated
   * to the block's: FragmentPlace.bound) and the fragment's first own local, above them.
   */
  readonly nipHi: number;
  readonly nipLo: number;
  readonly firstLocal: number;
  /** Code recording, before an accessor call that may fault, the instruction's address and index (given as markers). */
  readonly recordFault: (out: number[], ciaLo: number, ciaHi: number, index: number) => void;
}

/** What a block gives a fragment's relocations for one instruction. */
export interface FragmentPlace {
  readonly bindings: ReadonlyMap<string, number>;
  readonly ciaHi: number;
  readonly ciaLo: number;
  readonly index: number;
  /** The block's local for the fragment's first own local. */
  readonly firstLocal: number;
  readonly access: (name: string) => number;
  /** The vCPU's TLB in the arena. */
  readonly tlbAddress: number;
  /** The local holding the register file's address, and the registers the block keeps in i64 locals (by byte offset). */
  readonly registersLocal: number;
  readonly registerLocals: ReadonlyMap<number, number>;
  /** The block's locals for the names the fragment's context binds (`nipHi`, `nipLo`). */
  readonly bound: (name: string) => number;
  /** Bytes of the register file (an offset must fall inside it). */
  readonly registerBytes: number;
}

/**
 * The names (of instructionBindings) that steer a template's code, learned as
 * compilations ask for them: bound to their values (`values`), or only to whether they
 * are 0 (`zero`). Kept sorted, so that a fragment's key does not depend on the order
 * they were learned in (prebuilt fragments are looked up by the same keys).
 */
export interface Steering {
  readonly values: readonly string[];
  readonly zero: readonly string[];
}

/** A fragment's key: the steering names' values for these bindings. */
export function steeringKey(steering: Steering, bindings: ReadonlyMap<string, number>): string {
  let key = '';
  for (const name of steering.values) key += `${name}=${bindings.get(name)},`;
  for (const name of steering.zero) if (!steering.values.includes(name)) key += `${name}${bindings.get(name) === 0 ? '=0' : '!0'},`;
  return key;
}

/** `steering` with `name` added (as a value, or as a zero test). */
export function steeringWith(steering: Steering, name: string, zero: boolean): Steering {
  if (steering.values.includes(name) || (zero && steering.zero.includes(name))) throw new Error(`fragments: ${name} was bound and is asked for again`);
  return zero ? { values: steering.values, zero: [...steering.zero, name].sort() } : { values: [...steering.values, name].sort(), zero: steering.zero };
}

const NO_STEERING: Steering = { values: [], zero: [] };

/** Fragments compiled in this thread (a statistic for tests and tools: prebuilt ones are not compiled). */
export const fragmentStatistics = { compiled: 0 };
const steeringOf = new WeakMap<Semantics, Steering>();
/** Fragments by context key, template and steering key; null: the template compiler refuses the template there. */
const fragments = new Map<string, WeakMap<Semantics, Map<string, Fragment | null>>>();
/**
 * Fragments kept before the store starts over: a bound on memory (a kernel's rotates
 * and masks can make tens of thousands of steering values), not on correctness.
 */
const FRAGMENT_LIMIT = 1 << 14;
let kept = 0;

/**
 * The fragments of one context (mode), starting from the prebuilt ones the bundle
 * carries (prebuilt-fragments.ts) for the templates whose text they were made from.
 */
function fragmentsOf(key: string): WeakMap<Semantics, Map<string, Fragment | null>> {
  if (kept >= FRAGMENT_LIMIT) { fragments.clear(); kept = 0; }
  let byTemplate = fragments.get(key);
  if (byTemplate === undefined) {
    byTemplate = new WeakMap();
    fragments.set(key, byTemplate);
    const prebuilt = prebuiltFragments(key);
    for (const s of hotSemantics) {
      const p = prebuilt.get(s.mnemonic);
      if (p === undefined || p.text !== instructionTemplate64(s)) continue;
      steeringOf.set(s, mergeSteering(steeringOf.get(s) ?? NO_STEERING, p.steering));
      byTemplate.set(s, new Map(Object.entries(p.fragments)));
    }
  }
  return byTemplate;
}

function mergeSteering(a: Steering, b: Steering): Steering {
  return { values: [...new Set([...a.values, ...b.values])].sort(), zero: [...new Set([...a.zero, ...b.zero])].sort() };
}

/** The values a binding of instructionBindings can take: a field, a register word (twice a register number), an address word. */
export function bindingRange(name: string): { lo: number; hi: number; step: number } {
  if (name === 'PC_LO' || name === 'PC_HI') return { lo: -0x80000000, hi: 0x7fffffff, step: 1 };
  const word = name.startsWith('g$');
  const spec = FIELD_SPECS[name.slice(word ? 2 : 1) as FieldName];
  if (spec === undefined) throw new TemplateCompileError(`binding ${name} is not a field`);
  const width = fieldWidth(spec), scale = 2 ** (spec.scale ?? 0);
  const [lo, hi] = spec.signed ? [-(2 ** (width - 1)), 2 ** (width - 1) - 1] : [0, 2 ** width - 1];
  return word ? { lo: 2 * lo, hi: 2 * hi, step: 2 } : { lo: lo * scale, hi: hi * scale, step: scale };
}

/**
 * The fragment of template `s` (`statements` gives it parsed, inside the block's `insn`
 * label: read only to compile it) for the word whose bindings these are, compiled on
 * first use; undefined when the template compiler refuses it (the caller compiles the
 * block whole, or not at all).
 */
export function fragmentFor(s: Semantics, statements: () => readonly es.Statement[], bindings: ReadonlyMap<string, number>, ctx: FragmentContext): Fragment | undefined {
  const byTemplate = fragmentsOf(ctx.key);
  let byKey = byTemplate.get(s);
  if (byKey === undefined) { byKey = new Map(); byTemplate.set(s, byKey); }
  for (;;) {
    const steering = steeringOf.get(s) ?? NO_STEERING;
    const key = steeringKey(steering, bindings);
    const known = byKey.get(key);
    if (known !== undefined) return known ?? undefined;
    try {
      fragmentStatistics.compiled++;
      const fragment = compileFragment(statements(), bindings, steering, ctx);
      // a template steered by its address (a relative branch) is met once per block: not kept
      if (!steering.values.includes('PC_LO') && !steering.values.includes('PC_HI')) { byKey.set(key, fragment); kept++; }
      return fragment;
    } catch (e) {
      if (e instanceof NeedsConstant) { steeringOf.set(s, steeringWith(steering, e.symbolName, e.zero)); continue; }
      if (e instanceof TemplateCompileError) { byKey.set(key, null); kept++; return undefined; }
      throw e;
    }
  }
}

/**
 * The fragment for `bindings` with the names of `steering` bound to their values (or
 * to 0), the others open; throws NeedsConstant for a name that must be known too, and
 * TemplateCompileError when the template compiler refuses the template.
 */
export function compileFragment(statements: readonly es.Statement[], bindings: ReadonlyMap<string, number>, steering: Steering, ctx: FragmentContext): Fragment {
  const constants = new Map<string, number>();
  const symbols = new Map<string, { lo: number; hi: number; nonZero: boolean }>();
  for (const [name, v] of bindings) {
    const zero = steering.zero.includes(name);
    if (steering.values.includes(name) || (zero && v === 0)) constants.set(name, v);
    else { const { lo, hi } = bindingRange(name); symbols.set(name, { lo, hi, nonZero: zero }); }
  }
  const relocations = new Relocations();
  const cia = { lo: relocations.mark({ form: 'cia-lo' }), hi: relocations.mark({ form: 'cia-hi' }), index: relocations.mark({ form: 'index' }) };
  const compiler = new TemplateCompiler({
    ...ctx.compile,
    access: { index: () => { throw new Error('fragments: an accessor index outside a relocation'); } },
    locals: new Map([['nipHi', ctx.nipHi], ['nipLo', ctx.nipLo]]),
    relocations,
    beforeAccessCall: (out) => ctx.recordFault(out, cia.lo, cia.hi, cia.index),
  }, ctx.firstLocal);
  const bound: BoundStatement = { type: 'BoundStatement', bindings: constants, symbols, body: statements, instance: 0 };
  const frame = { type: 'LabeledStatement', label: { type: 'Identifier', name: 'block' }, body: { type: 'BlockStatement', body: [bound] } } as unknown as es.Statement;
  const { code, locals } = compiler.compileStatements([frame]);
  // JUMP may not have widened the frame's NIP locals: the block declares them i32
  if (compiler.boundLocalsWidened()) throw new TemplateCompileError('a jump target wider than a word');
  if (code[0] !== Op.block || code[code.length - 1] !== Op.end) throw new Error('fragments: the frame is not one block');
  return { code: code.slice(2, -1), relocations: relocations.list, locals, wholeSlots: [...compiler.openSlotsNamedWhole.values()] };
}

/** Appends the fragment's code to `out` with each marker written as its relocation's value for this instruction. */
export function copyFragment(out: number[], f: Fragment, place: FragmentPlace): void {
  const code = f.code;
  for (let i = 0; i < code.length; i++) {
    const byte = code[i]!;
    if (byte < MARK_BASE) { out.push(byte); continue; }
    const r = f.relocations[byte - MARK_BASE]!;
    switch (r.form) {
      case 'i32': signedLeb(out, symbolNumber(r.value, place.bindings) | 0); break;
      case 'i64': signedLeb(out, symbolNumber(r.value, place.bindings)); break;
      case 'reg': registerAccess(out, r.access, symbolNumber(r.at, place.bindings), place); break;
      case 'spill': transferRegisterLocals(out, place.registerLocals, place.registersLocal, true); break;
      case 'bound': unsignedLeb(out, place.bound(r.name)); break;
      case 'local': unsignedLeb(out, place.firstLocal + r.index); break;
      case 'access': unsignedLeb(out, place.access(r.name)); break;
      case 'cia-lo': signedLeb(out, place.ciaLo | 0); break;
      case 'cia-hi': signedLeb(out, place.ciaHi | 0); break;
      case 'index': signedLeb(out, place.index); break;
      case 'tlb': unsignedLeb(out, place.tlbAddress + r.offset); break;
    }
  }
}

/**
 * A register-file access at byte `offset` as the template compiler makes it for a
 * register in the file (a load or store at the file's address) or in an i64 local
 * (the local, or one half of it: the other half kept).
 */
function registerAccess(out: number[], access: RegisterAccess, offset: number, place: FragmentPlace): void {
  const wide = access.endsWith('64');
  if (offset < 0 || offset + (wide ? 8 : 4) > place.registerBytes || offset % (wide ? 8 : 4) !== 0) {
    throw new TemplateCompileError(`register-file offset ${offset}`);
  }
  const local = place.registerLocals.get(offset & ~7);
  const high = (offset & 4) !== 0;
  if (local === undefined) {
    switch (access) {
      case 'get64': out.push(Op.localGet); unsignedLeb(out, place.registersLocal); out.push(Op.i64Load, 3); unsignedLeb(out, offset); return;
      case 'get32': out.push(Op.localGet); unsignedLeb(out, place.registersLocal); out.push(Op.i32Load, 2); unsignedLeb(out, offset); return;
      case 'set64-pre': case 'set32-pre': out.push(Op.localGet); unsignedLeb(out, place.registersLocal); return;
      case 'set64': out.push(Op.i64Store, 3); unsignedLeb(out, offset); return;
      case 'set32': out.push(Op.i32Store, 2); unsignedLeb(out, offset); return;
    }
  }
  switch (access) {
    case 'get64': out.push(Op.localGet); unsignedLeb(out, local); return;
    case 'set64-pre': return;
    case 'set64': out.push(Op.localSet); unsignedLeb(out, local); return;
    case 'get32':
      out.push(Op.localGet); unsignedLeb(out, local);
      if (high) out.push(Op.i64Const, 32, Op.i64ShrU);
      out.push(Op.i32WrapI64);
      return;
    case 'set32-pre':
      out.push(Op.localGet); unsignedLeb(out, local);
      out.push(Op.i64Const); signedLeb(out, high ? 0xffffffff : -4294967296);
      out.push(Op.i64And);
      return;
    case 'set32':
      out.push(Op.i64ExtendI32U);
      if (high) out.push(Op.i64Const, 32, Op.i64Shl);
      out.push(Op.i64Or, Op.localSet); unsignedLeb(out, local);
      return;
  }
}
