import { WIDE_MACROS } from '../../gen/wide.js';
import type * as es from 'acorn';
import { Op, BLOCK_EMPTY, signedLeb, unsignedLeb, type ValType } from './encoder.js';
import { statementsOf } from './prebuilt-statements.js';
import { ACCESS_READ, ACCESS_WRITE } from '../../mmu/translation.js';
import { TLB_ENTRIES, tlbArrayOffset } from '../../memory/arena.js';
import { NIP_BYTE } from '../../state/layout.js';
import {
  type Kind, type Value, type Symbolic, TemplateCompileError, NeedsConstant, isConstant, kindOf, int32Bits, int64, truthy, joinKinds, asKind, fits,
  materialize, valType, symbolOf, rangeKind,
} from './values.js';
import { type Relocations, type SymbolExpression, type BinaryOperator, type RegisterAccess, firstName } from './relocations.js';

/**
 * Compiles the JavaScript of a translated block — the instruction templates of
 * isa/semantics/hot.ts expanded by gen/block.ts, the same text the JavaScript back end
 * gives `new Function` — into a WebAssembly function body, so that the templates stay
 * the one definition of each instruction for the interpreter and both back ends.
 *
 * The subset it accepts is the one template bodies are written in (isa/semantics/
 * template.ts): `const`/`let`, `if`/`else`, labelled blocks and `break label`,
 * assignments (also compound) to locals and to register-file words `r[k]` with a
 * constant k, the integer operators, comparisons, `!`, `&&`/`||` on booleans, `?:`,
 * the Cpu's accessors (`cpu.load32(...)`, `cpu.loadedHi`, `cpu.store64(...)`) and calls
 * of the named helpers, which are inlined from their own JavaScript source (so
 * `setCr0` is written once too). Anything else is a TemplateCompileError at translation
 * time: the caller keeps the JavaScript block. Values are typed as values.ts
 * describes; fields, `cpu.mode64` and `le` are constants and fold, so a block holds
 * only the paths its words take.
 */

/**
 * Statements compiled with names bound to constants in a scope of their own: a template
 * parsed once (templateStatements) compiled for one instruction, its fields and address
 * bound (jit/wasm/engine-block.ts). Not JavaScript: made by the translator, never parsed.
 */
export interface BoundStatement {
  readonly type: 'BoundStatement';
  readonly bindings: ReadonlyMap<string, number | boolean>;
  /**
   * Names bound to numbers left open, in a fragment (CompileContext.relocations): each
   * with the range of values it can take and whether it is known not to be 0.
   */
  readonly symbols?: ReadonlyMap<string, { readonly lo: number; readonly hi: number; readonly nonZero: boolean }>;
  readonly body: readonly CompiledStatement[];
  /**
   * Which instance of shared statements this is (an instruction's index in its block):
   * the locals declared inside get declaration sites of their own, so that two
   * instructions of one template type their locals apart, as separately parsed text did.
   */
  readonly instance?: number;
}

/** What compileStatements takes: parsed statements and bound groups of them. */
export type CompiledStatement = es.Statement | BoundStatement;

/** Parsed statements by source text: templates and the block's frame are parsed once each. */
const parsedStatements = new Map<string, readonly es.Statement[]>();

/**
 * The statements of `source`, parsed once (the AST is shared: the compiler never
 * changes it), or read from the trees the bundle carries (prebuilt-statements.ts).
 */
export function parseStatements(source: string): readonly es.Statement[] {
  let body = parsedStatements.get(source);
  if (body === undefined) {
    body = statementsOf(source);
    parsedStatements.set(source, body);
  }
  return body;
}

/** A name in scope. */
type Binding =
  | { readonly is: 'constant'; readonly value: number | boolean }
  | { readonly is: 'symbol'; readonly value: Value & { readonly symbol: Symbolic } }
  | { readonly is: 'local'; readonly index: number; readonly site: es.Node; readonly mutable: boolean }
  | { readonly is: 'cpu' }
  | { readonly is: 'registers' };

/** What a block's code may call besides inlined helpers: the Cpu's storage accessors, imported. */
export interface AccessImports {
  /** The function index of an imported accessor by its Cpu method name (load8 ... store64, loadedHi). */
  readonly index: (name: AccessName) => number;
}

export const ACCESS_NAMES = ['load8', 'load16', 'load32', 'load64', 'loadedHi', 'store8', 'store16', 'store32', 'store64'] as const;
export type AccessName = (typeof ACCESS_NAMES)[number];

/** The result of a call to each accessor (undefined: none); its arguments are all i32. */
export const ACCESS_RESULT: Readonly<Record<AccessName, boolean>> = {
  load8: true, load16: true, load32: true, load64: true, loadedHi: true,
  store8: false, store16: false, store32: false, store64: false,
};

export interface CompileContext {
  /** Named numeric constants (register-file word indices, masks) the code and helpers use. */
  readonly constants: ReadonlyMap<string, number>;
  /** The helpers a template may call, inlined from their source (`fn.toString()`). */
  readonly helpers: ReadonlyMap<string, (...args: never[]) => unknown>;
  /** Names bound to constants for this block (`le`). */
  readonly bound: ReadonlyMap<string, number | boolean>;
  /** MSR[SF] the block is translated for: `cpu.mode64`. */
  readonly mode64: boolean;
  /** The register file's name in the code (`r`) and the index of the local holding its byte address. */
  readonly registersName: string;
  readonly registersLocal: number;
  /** The Cpu's name in the code (`cpu`). */
  readonly cpuName: string;
  readonly access: AccessImports;
  /** Highest register-file word index + 1 (a constant index beyond it is an error). */
  readonly registerWords: number;
  /**
   * 64-bit registers kept in i64 locals instead of the register file, by the byte
   * offset of their low word (a multiple of 8): their word reads and writes, GPR/REG64
   * and SET_GPR/SET_REG64 use the local, and every one of them is written back to the
   * register file before a storage accessor is called (which may fault and leave by
   * an exception), so that the file is then exact. The caller loads them before the
   * code and stores them after it.
   */
  readonly registerLocals?: ReadonlyMap<number, number>;
  /**
   * The vCPU's TLB in the module's memory (memory/arena.ts), for accesses inline: a
   * little-endian (or byte) access whose translation the TLB holds, inside one page,
   * is a plain load or store of the real address (guest RAM starts at address 0);
   * anything else calls the accessor, which fills the TLB, faults, or takes the
   * watchpoint and MMIO paths exactly as the interpreter's access does. The Cpu never
   * lets the TLB hold a page a watchpoint covers or one outside RAM (Cpu.fillTlb), so
   * a hit is always an access the accessor would make the same way.
   */
  readonly tlb?: {
    readonly address: number;
    /** A local whose value is added to `address` at run time (the TLB then sits at a fixed offset from it: jit/wasm/interpreter.ts). */
    readonly base?: number;
  };
  /**
   * Calls the block around the templates puts in its text (`name(k)` with constant
   * arguments, as a statement): each appends its own code, given the code that
   * writes the register locals back (jit/wasm/engine-block.ts).
   */
  readonly intrinsics?: ReadonlyMap<string, (out: number[], args: readonly number[], spill: (out: number[]) => void) => void>;
  /**
   * Code put just before each call of a storage accessor, which may fault (after the
   * register locals are written back): with inline accesses it runs only on a TLB miss,
   * so what a block records for a fault costs nothing on a hit.
   */
  readonly beforeAccessCall?: (out: number[]) => void;
  /**
   * Names bound to i32 locals of the function the code goes into (the interpreter's
   * instruction word `w` and address PC_LO/PC_HI, jit/wasm/interpreter.ts): read as
   * i32 values (assigned only i32 values). With them, register-file indices need not be constants:
   * `r[g$RT]` with g$RT computed from `w` is a load at the register file's address plus
   * four times the index (not with registerLocals, which a computed index could alias).
   */
  readonly locals?: ReadonlyMap<string, number>;
  /** Register-file indices may be computed at run time (the interpreter, whose fields come from `w`). */
  readonly computedRegisterIndices?: boolean;
  /**
   * Compiling a fragment (fragments.ts): the numbers a block gives each copy — symbols'
   * values, local indices from `firstLocal` on, accessor import indices — are markers
   * in the code, each standing for a relocation of this list.
   */
  readonly relocations?: Relocations;
}

/** Where a register-file word is: at a constant byte offset, or at the address `address` (code) computes. */
type RegisterPlace = { readonly offset: number } | { readonly address: readonly number[] } | OpenPlace;

/**
 * In a fragment, every register-file word is reached through relocations (relocations.ts
 * `reg`): its byte offset (`at`, known when the fragment is copied) and whether the
 * block keeps its register in an i64 local decide the code. `symbol` is the index's
 * symbol when it has one (GPR_OR0 asks whether it is known not to be 0).
 */
type OpenPlace = { readonly at: SymbolExpression; readonly symbol?: Symbolic };

/** Bytes of each accessor's access. */
const ACCESS_SIZE: Readonly<Record<AccessName, number>> = {
  load8: 1, load16: 2, load32: 4, load64: 8, loadedHi: 0, store8: 1, store16: 2, store32: 4, store64: 8,
};

/**
 * The i64 locals, from `firstLocal` on, for the 64-bit registers a compiled text names
 * as whole values (`compiler.slotsNamedWhole`), NIP excepted (the block writes it as
 * words): what CompileContext.registerLocals takes, by byte offset.
 */
export function registerLocalSlots(compiler: TemplateCompiler, firstLocal: number): Map<number, number> {
  return registerLocalSlotsOf(compiler.slotsNamedWhole, firstLocal);
}

/** registerLocalSlots for the byte offsets named whole (a block put together from fragments: fragments.ts wholeSlots). */
export function registerLocalSlotsOf(slotsNamedWhole: Iterable<number>, firstLocal: number): Map<number, number> {
  const nipSlot = NIP_BYTE & ~7;
  const offsets = [...new Set(slotsNamedWhole)].filter((o) => o !== nipSlot).sort((a, b) => a - b);
  return new Map(offsets.map((offset, i) => [offset, firstLocal + i]));
}

/**
 * Code moving every register kept in an i64 local between the local and the register
 * file (whose address is in local `registersLocal`): into the locals (`store` false)
 * or back to the file.
 */
export function transferRegisterLocals(out: number[], registerLocals: ReadonlyMap<number, number>, registersLocal: number, store: boolean): void {
  for (const [offset, local] of registerLocals) {
    out.push(Op.localGet); unsignedLeb(out, registersLocal);
    if (store) { out.push(Op.localGet); unsignedLeb(out, local); out.push(Op.i64Store, 3); unsignedLeb(out, offset); }
    else { out.push(Op.i64Load, 3); unsignedLeb(out, offset); out.push(Op.localSet); unsignedLeb(out, local); }
  }
}

/** Parsed helper sources, by function. */
const helperAsts = new WeakMap<object, es.FunctionDeclaration>();

function helperAst(fn: (...args: never[]) => unknown, name: string): es.FunctionDeclaration {
  let ast = helperAsts.get(fn);
  if (ast === undefined) {
    const decl = statementsOf(fn.toString())[0];
    if (decl?.type !== 'FunctionDeclaration') throw new TemplateCompileError(`helper ${name} is not a function declaration`);
    ast = decl;
    helperAsts.set(fn, ast);
  }
  return ast;
}

/** Evaluates a JavaScript operator on constants: exactly what the block's JavaScript computes. */
const FOLD: Readonly<Record<string, (a: number, b: number) => number | boolean>> = {
  '|': (a, b) => a | b, '&': (a, b) => a & b, '^': (a, b) => a ^ b,
  '<<': (a, b) => a << b, '>>': (a, b) => a >> b, '>>>': (a, b) => a >>> b,
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b,
  '<': (a, b) => a < b, '>': (a, b) => a > b, '<=': (a, b) => a <= b, '>=': (a, b) => a >= b,
  '===': (a, b) => a === b, '!==': (a, b) => a !== b,
};

const BITWISE: Readonly<Record<string, number>> = { '|': Op.i32Or, '&': Op.i32And, '^': Op.i32Xor, '<<': Op.i32Shl, '>>': Op.i32ShrS, '>>>': Op.i32ShrU };
const ARITHMETIC: Readonly<Record<string, number>> = { '+': Op.i64Add, '-': Op.i64Sub, '*': Op.i64Mul };
/** Comparison opcodes as [signed i32, unsigned i32, i64]. */
const COMPARE: Readonly<Record<string, readonly [number, number, number]>> = {
  '<': [Op.i32LtS, Op.i32LtU, Op.i64LtS], '>': [Op.i32GtS, Op.i32GtU, Op.i64GtS],
  '<=': [Op.i32LeS, Op.i32LeU, Op.i64LeS], '>=': [Op.i32GeS, Op.i32GeU, Op.i64GeS],
  '===': [Op.i32Eq, Op.i32Eq, Op.i64Eq], '!==': [Op.i32Ne, Op.i32Ne, Op.i64Ne],
};

/** The comparison macros' i64 opcodes. */
const WIDE_COMPARE: Readonly<Record<string, number>> = { LT64S: Op.i64LtS, GT64S: Op.i64GtS, LT64U: Op.i64LtU, GT64U: Op.i64GtU, EQ64: Op.i64Eq };

/** The declaration site of every name bound to a local (CompileContext.locals): an i32. */
const BOUND_LOCAL_SITE = { type: 'bound-local' } as unknown as es.Node;

/** 2^32: the one divisor the subset allows (the carry of `(s - (s >>> 0)) / TWO32`). */
const TWO32 = 4294967296;

const value = (kind: Kind, code: readonly number[]): Value => ({ kind, code });

/** An i32.const immediate. */
const leb32 = (v: number): number[] => { const out: number[] = []; signedLeb(out, v | 0); return out; };

/** A value known when a fragment is copied (a constant or a symbol) as a symbol expression. */
const knownExpression = (v: Value): SymbolExpression => (isConstant(v) ? ['c', v.constant] : symbolOf(v)!.expr);

/** The range of such a value (a constant's is itself; a boolean counts as 0 or 1). */
function knownRange(v: Value): [number, number] {
  if (isConstant(v)) return [Number(v.constant), Number(v.constant)];
  const s = symbolOf(v)!;
  return [s.lo, s.hi];
}

export class TemplateCompiler {
  /** The byte offsets (of the low word, a multiple of 8) of the 64-bit registers the code names as whole values (GPR, REG64, SET_GPR...). */
  readonly slotsNamedWhole = new Set<number>();
  /** In a fragment, the same as offsets known when it is copied (by their JSON). */
  readonly openSlotsNamedWhole = new Map<string, SymbolExpression>();
  /** Kinds of the locals by their declaration site, joined over every assignment (see compile). */
  private readonly siteKinds: Map<es.Node, Kind>;
  private widened = false;
  private locals: Kind[] = [];
  /** The open structured-control constructs, innermost last: a label name, or null for an unlabelled one. */
  private controls: (string | null)[] = [];
  private scopes: Map<string, Binding>[] = [];
  /** The i64 local holding the last inline load64's value (cpu.loadedHi reads its high half), per pass. */
  private loaded64: number | undefined;
  private readonly loaded64Site = { type: 'loaded64' } as unknown as es.Node;
  /** Declaration sites for the locals of inline accesses, stable across passes: by the access's first argument and role. */
  private readonly accessSites: Map<es.Node, Map<string, es.Node>>;
  /** The BoundStatement instance being compiled (-1: none) and the declaration sites of each instance. */
  private instance = -1;
  private readonly instanceSites: Map<es.Node, Map<number, es.Node>>;

  /**
   * @param learned a compiler that has compiled the same statements (with another
   *   context: engine-block.ts's probe for the register locals): its locals' kinds are
   *   where this one starts, so that it needs no pass to learn them again
   */
  constructor(private readonly ctx: CompileContext, private readonly firstLocal: number, learned?: TemplateCompiler) {
    this.siteKinds = learned ? learned.siteKinds : new Map();
    if (ctx.locals !== undefined && ctx.registerLocals !== undefined) throw new TemplateCompileError('locals bound by name and registers in locals together');
    this.siteKinds.set(BOUND_LOCAL_SITE, 'i32');
    this.accessSites = learned ? learned.accessSites : new Map();
    this.instanceSites = learned ? learned.instanceSites : new Map();
  }

  /**
   * The code of `source` (statements) and the types of the locals it declares beyond
   * `firstLocal`. A local's kind is the join of everything assigned to it, which is
   * known only once the whole text has been seen: the text is compiled again until no
   * kind widens (templates need two passes at most).
   */
  compile(source: string): { code: number[]; locals: ValType[] } {
    return this.compileStatements(parseStatements(source));
  }

  /** compile, for statements already parsed (parseStatements), with bound groups among them. */
  compileStatements(statements: readonly CompiledStatement[]): { code: number[]; locals: ValType[] } {
    for (let pass = 0; pass < 8; pass++) {
      this.widened = false;
      this.locals = []; this.controls = [];
      this.scopes = [new Map()];
      this.loaded64 = undefined;
      const code: number[] = [];
      for (const s of statements) this.statement(s, code);
      if (!this.widened) return { code, locals: this.locals.map(valType) };
    }
    throw new TemplateCompileError('local kinds did not settle');
  }

  // ---- scopes and locals ----

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    if (name === this.ctx.registersName) return { is: 'registers' };
    if (name === this.ctx.cpuName) return { is: 'cpu' };
    const local = this.ctx.locals?.get(name);
    if (local !== undefined) return { is: 'local', index: local, site: BOUND_LOCAL_SITE, mutable: true };
    const bound = this.ctx.bound.get(name);
    if (bound !== undefined) return { is: 'constant', value: bound };
    const c = this.ctx.constants.get(name);
    if (c !== undefined) return { is: 'constant', value: c };
    return undefined;
  }

  private declare(name: string, b: Binding): void { this.scopes[this.scopes.length - 1]!.set(name, b); }

  /** The declaration site of `node` in the instance being compiled (BoundStatement.instance). */
  private siteOf(node: es.Node): es.Node {
    if (this.instance < 0) return node;
    let sites = this.instanceSites.get(node);
    if (sites === undefined) { sites = new Map(); this.instanceSites.set(node, sites); }
    let site = sites.get(this.instance);
    if (site === undefined) { site = { type: 'site' } as unknown as es.Node; sites.set(this.instance, site); }
    return site;
  }

  /**
   * A local for the declaration at `site`, of the kind its initial value has (`kind`),
   * joined with what earlier passes saw assigned to it. A `let` without an initial value
   * takes the kind of its first assignment (assignKind); until then it is an i32.
   */
  private newLocal(site: es.Node, kind: Kind | undefined, mutable: boolean): Binding & { is: 'local' } {
    const known = this.siteKinds.get(site);
    const k = known === undefined ? kind : kind === undefined ? known : joinKinds(known, kind);
    if (k !== undefined && k !== known) { this.siteKinds.set(site, k); if (known !== undefined) this.widened = true; }
    this.locals.push(k ?? 'i32');
    return { is: 'local', index: this.firstLocal + this.locals.length - 1, site, mutable };
  }

  private localKind(b: Binding & { is: 'local' }): Kind { return this.siteKinds.get(b.site) ?? 'i32'; }

  /** Records that `v` is assigned to local `b`, widening its kind (and asking for another pass) when needed. */
  private assignKind(b: Binding & { is: 'local' }, v: Value): Kind {
    const known = this.siteKinds.get(b.site);
    if (known === undefined) {
      // the first value of a `let` declared without one: compiled again with that kind
      this.siteKinds.set(b.site, kindOf(v));
      this.widened = true;
      return kindOf(v);
    }
    const k = joinKinds(known, kindOf(v));
    if (k !== known) { this.siteKinds.set(b.site, k); this.widened = true; }
    return known; // this pass's code uses the kind the local was declared with
  }

  /** Whether an assignment widened the i32 locals bound by name (CompileContext.locals) beyond i32. */
  boundLocalsWidened(): boolean { return this.siteKinds.get(BOUND_LOCAL_SITE) !== 'i32'; }

  // ---- a fragment's open numbers (CompileContext.relocations) ----

  /** A value left open: `expr` of bound names, with the range its numbers can take (or a boolean). */
  private symbolic(expr: SymbolExpression, range: readonly [number, number] | 'bool', nonZero = false): Value & { readonly symbol: Symbolic } {
    const relocations = this.ctx.relocations;
    const name = firstName(expr);
    if (relocations === undefined || name === undefined) throw new TemplateCompileError('a value left open outside a fragment');
    const [lo, hi] = range === 'bool' ? [0, 1] : range;
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new NeedsConstant(name);
    const kind = range === 'bool' ? 'bool' : rangeKind(lo, hi);
    const symbol: Symbolic = {
      expr, name, lo, hi, nonZero,
      i32: relocations.mark({ form: 'i32', value: expr }), i64: relocations.mark({ form: 'i64', value: expr }),
    };
    return { kind, code: kind === 'i64' ? [Op.i64Const, symbol.i64] : [Op.i32Const, symbol.i32], symbol };
  }

  /**
   * `a op b` where both are known when the fragment is copied (constants or symbols, one
   * of them a symbol): a symbol of both, with the range interval arithmetic gives it
   * (the bitwise operators: any int32; `>>>`: any uint32; comparisons: a boolean).
   */
  private combine(op: string, a: Value, b: Value, at: es.Node): Value {
    const ka = kindOf(a), kb = kindOf(b);
    if ((ka === 'bool' || kb === 'bool') && op !== '===' && op !== '!==') throw new TemplateCompileError(`${op} on a boolean`);
    const [alo, ahi] = knownRange(a), [blo, bhi] = knownRange(b);
    let r: readonly [number, number] | 'bool';
    switch (op) {
      case '+': r = [alo + blo, ahi + bhi]; break;
      case '-': r = [alo - bhi, ahi - blo]; break;
      case '*': { const p = [alo * blo, alo * bhi, ahi * blo, ahi * bhi]; r = [Math.min(...p), Math.max(...p)]; break; }
      case '/': {
        // only the carry of a 64-bit sum (carryDivision): a multiple of 2^32 over 2^32
        this.carryDivision(a, b, at);
        r = [Math.floor(alo / TWO32), Math.ceil(ahi / TWO32)];
        break;
      }
      case '|': case '&': case '^': case '<<': case '>>': r = [-0x80000000, 0x7fffffff]; break;
      case '>>>': r = [0, 0xffffffff]; break;
      default: r = 'bool';
    }
    return this.symbolic([op as BinaryOperator, knownExpression(a), knownExpression(b)], r);
  }

  /** A local's index: in a fragment, a relocation for the fragment's own locals (from firstLocal on). */
  private localRef(out: number[], index: number): void {
    const relocations = this.ctx.relocations;
    if (relocations !== undefined) {
      if (index >= this.firstLocal) { out.push(relocations.mark({ form: 'local', index: index - this.firstLocal })); return; }
      for (const [name, bound] of this.ctx.locals ?? []) {
        if (bound === index) { out.push(relocations.mark({ form: 'bound', name })); return; }
      }
    }
    unsignedLeb(out, index);
  }

  /** An accessor's import index: in a fragment, a relocation (the block imports what its code calls). */
  private accessRef(out: number[], name: AccessName): void {
    if (this.ctx.relocations !== undefined) out.push(this.ctx.relocations.mark({ form: 'access', name }));
    else unsignedLeb(out, this.ctx.access.index(name));
  }

  // ---- statements ----

  private block(body: readonly es.Statement[], out: number[]): void {
    this.scopes.push(new Map());
    for (const s of body) this.statement(s, out);
    this.scopes.pop();
  }

  private statement(s: CompiledStatement, out: number[]): void {
    switch (s.type) {
      case 'BoundStatement': {
        const scope = new Map<string, Binding>();
        for (const [name, value] of s.bindings) scope.set(name, { is: 'constant', value });
        if (s.symbols !== undefined) {
          for (const [name, r] of s.symbols) scope.set(name, { is: 'symbol', value: this.symbolic(['n', name], [r.lo, r.hi], r.nonZero) });
        }
        const outer = this.instance;
        // an instance's load64 keeps its value in a local of its own (cpu.loadedHi reads it in the same template)
        if (s.instance !== undefined) { this.instance = s.instance; this.loaded64 = undefined; }
        this.scopes.push(scope);
        for (const b of s.body) this.statement(b, out);
        this.scopes.pop();
        if (s.instance !== undefined) this.loaded64 = undefined;
        this.instance = outer;
        return;
      }
      case 'EmptyStatement': return;
      case 'BlockStatement': return this.block(s.body, out);
      case 'VariableDeclaration': return this.declaration(s, out);
      case 'ExpressionStatement': return this.effect(s.expression, out);
      case 'IfStatement': return this.ifStatement(s, out);
      case 'LabeledStatement': {
        if (s.body.type !== 'BlockStatement') throw new TemplateCompileError(`label ${s.label.name} on a ${s.body.type}`);
        out.push(Op.block, BLOCK_EMPTY);
        this.controls.push(s.label.name);
        this.block(s.body.body, out);
        this.controls.pop();
        out.push(Op.end);
        return;
      }
      case 'BreakStatement': {
        if (!s.label) throw new TemplateCompileError('break without a label');
        const depth = this.controls.length - 1 - this.controls.lastIndexOf(s.label.name);
        if (depth >= this.controls.length) throw new TemplateCompileError(`break to unknown label ${s.label.name}`);
        out.push(Op.br); unsignedLeb(out, depth);
        return;
      }
      case 'ReturnStatement': {
        // only inside an inlined helper without a result (inlineCall), whose block is labelled '#return'
        if (s.argument) throw new TemplateCompileError('a return with a value before the end of a helper');
        const depth = this.controls.length - 1 - this.controls.lastIndexOf('#return');
        if (depth >= this.controls.length) throw new TemplateCompileError('return outside a helper');
        out.push(Op.br); unsignedLeb(out, depth);
        return;
      }
      default: throw new TemplateCompileError(`statement ${s.type} is not in the template subset`);
    }
  }

  private declaration(s: es.VariableDeclaration, out: number[]): void {
    if (s.kind === 'var') throw new TemplateCompileError('var declarations are not in the template subset');
    for (const d of s.declarations) {
      if (d.id.type !== 'Identifier') throw new TemplateCompileError('destructuring is not in the template subset');
      const init = d.init ? this.expression(d.init) : undefined;
      if (s.kind === 'const' && init !== undefined && isConstant(init)) { this.declare(d.id.name, { is: 'constant', value: init.constant }); continue; }
      const symbol = s.kind === 'const' && init !== undefined ? symbolOf(init) : undefined;
      if (symbol !== undefined) { this.declare(d.id.name, { is: 'symbol', value: { ...(init as Value & { kind: Kind }), symbol } }); continue; }
      const b = this.newLocal(this.siteOf(d), init && kindOf(init), s.kind === 'let');
      if (init !== undefined) { out.push(...asKind(init, this.localKind(b)), Op.localSet); this.localRef(out, b.index); }
      this.declare(d.id.name, b);
    }
  }

  private ifStatement(s: es.IfStatement, out: number[]): void {
    const test = this.condition(s.test);
    if (typeof test === 'boolean') {
      if (test) this.statement(s.consequent, out);
      else if (s.alternate) this.statement(s.alternate, out);
      return;
    }
    out.push(...test, Op.if, BLOCK_EMPTY);
    this.controls.push(null);
    this.scopes.push(new Map());
    this.statement(s.consequent, out);
    this.scopes.pop();
    if (s.alternate) {
      out.push(Op.else);
      this.scopes.push(new Map());
      this.statement(s.alternate, out);
      this.scopes.pop();
    }
    this.controls.pop();
    out.push(Op.end);
  }

  /** An expression statement: an assignment or a call whose result is dropped. */
  private effect(e: es.Expression, out: number[]): void {
    if (e.type === 'AssignmentExpression') return this.assignment(e, out);
    if (e.type === 'CallExpression') {
      const v = this.call(e, out);
      if (v !== undefined && !isConstant(v)) out.push(...v.code, Op.drop);
      return;
    }
    throw new TemplateCompileError(`expression statement ${e.type} is not in the template subset`);
  }

  private assignment(e: es.AssignmentExpression, out: number[]): void {
    let v: Value;
    if (e.operator === '=') v = this.expression(e.right);
    else {
      const op = e.operator.slice(0, -1);
      if (!(op in FOLD)) throw new TemplateCompileError(`operator ${e.operator}`);
      v = this.binary(op, this.expression(e.left as es.Expression), this.expression(e.right), e);
    }
    const target = e.left;
    if (target.type === 'Identifier') {
      const b = this.lookup(target.name);
      if (b?.is !== 'local' || !b.mutable) throw new TemplateCompileError(`assignment to ${target.name}, which is not a let`);
      const k = this.assignKind(b, v);
      if (this.widened) return; // this pass's code is thrown away (compile)
      out.push(...asKind(v, k), Op.localSet); this.localRef(out, b.index);
      return;
    }
    if (target.type === 'MemberExpression') {
      const place = this.registerPlace(target);
      if ('address' in place) { out.push(...place.address, ...int32Bits(v), Op.i32Store, 2, 0); return; }
      if ('at' in place) { out.push(this.regMark('set32-pre', place), ...int32Bits(v), this.regMark('set32', place)); return; }
      const offset = place.offset;
      const local = this.slotLocal(offset);
      if (local !== undefined) {
        // one half of a register kept in an i64 local: the other half stays
        out.push(Op.localGet); unsignedLeb(out, local);
        out.push(Op.i64Const); signedLeb(out, offset & 4 ? 0xffffffff : -4294967296);
        out.push(Op.i64And, ...int32Bits(v), Op.i64ExtendI32U);
        if (offset & 4) out.push(Op.i64Const, 32, Op.i64Shl);
        out.push(Op.i64Or, Op.localSet); unsignedLeb(out, local);
        return;
      }
      out.push(Op.localGet); unsignedLeb(out, this.ctx.registersLocal);
      out.push(...int32Bits(v), Op.i32Store, 2); unsignedLeb(out, offset);
      return;
    }
    throw new TemplateCompileError(`assignment to a ${target.type}`);
  }

  // ---- expressions ----

  private expression(e: es.Expression | es.PrivateIdentifier | es.Super | es.SpreadElement): Value {
    switch (e.type) {
      case 'Literal': {
        if (typeof e.value !== 'number' && typeof e.value !== 'boolean') throw new TemplateCompileError(`literal ${e.raw}`);
        return { constant: e.value };
      }
      case 'Identifier': {
        if (e.name === 'undefined') throw new TemplateCompileError('undefined is not in the template subset');
        const b = this.lookup(e.name);
        if (b === undefined) throw new TemplateCompileError(`unknown name ${e.name}`);
        if (b.is === 'constant') return { constant: b.value };
        if (b.is === 'symbol') return b.value;
        if (b.is !== 'local') throw new TemplateCompileError(`${e.name} used as a value`);
        const code: number[] = [Op.localGet];
        this.localRef(code, b.index);
        return value(this.localKind(b), code);
      }
      case 'BinaryExpression': return this.binary(e.operator, this.expression(e.left), this.expression(e.right), e);
      case 'LogicalExpression': return this.logical(e);
      case 'UnaryExpression': return this.unary(e);
      case 'ConditionalExpression': return this.conditional(e);
      case 'MemberExpression': return this.member(e);
      case 'CallExpression': {
        const code: number[] = [];
        const v = this.call(e, code);
        if (v === undefined) throw new TemplateCompileError('a call without a result used as a value');
        if (code.length === 0) return v;
        return value(kindOf(v), [...code, ...materialize(v)]);
      }
      default: throw new TemplateCompileError(`expression ${e.type} is not in the template subset`);
    }
  }

  private binary(op: string, a: Value, b: Value, at: es.Node): Value {
    const fold = FOLD[op];
    if (fold === undefined) throw new TemplateCompileError(`operator ${op} is not in the template subset`);
    if (isConstant(a) && isConstant(b)) {
      if (typeof a.constant === 'boolean' || typeof b.constant === 'boolean') {
        if (op !== '===' && op !== '!==') throw new TemplateCompileError(`${op} on a boolean`);
      }
      const r = fold(a.constant as number, b.constant as number);
      if (typeof r === 'number' && !Number.isInteger(r)) throw new TemplateCompileError(`${a.constant} ${op} ${b.constant} is not an integer`);
      return { constant: r };
    }
    const sa = symbolOf(a), sb = symbolOf(b);
    // known when the fragment is copied: a symbol (a relocation computes the same value)
    if ((sa !== undefined || sb !== undefined) && (sa !== undefined || isConstant(a)) && (sb !== undefined || isConstant(b))) return this.combine(op, a, b, at);
    const bitwise = BITWISE[op];
    if (bitwise !== undefined) return value(op === '>>>' ? 'u32' : 'i32', [...int32Bits(a), ...int32Bits(b), bitwise]);
    const arithmetic = ARITHMETIC[op];
    if (arithmetic !== undefined) return value('i64', [...int64(a), ...int64(b), arithmetic]);
    if (op === '/') return this.carryDivision(a, b, at);
    const compare = COMPARE[op]!;
    const ka = kindOf(a), kb = kindOf(b);
    if (ka === 'bool' || kb === 'bool') {
      if (ka !== kb || (op !== '===' && op !== '!==')) throw new TemplateCompileError(`${op} between ${ka} and ${kb}`);
      return value('bool', [...materialize(a), ...materialize(b), compare[0]]);
    }
    if (fits(a, 'i32') && fits(b, 'i32')) return value('bool', [...int32Bits(a), ...int32Bits(b), compare[0]]);
    if (fits(a, 'u32') && fits(b, 'u32')) return value('bool', [...int32Bits(a), ...int32Bits(b), compare[1]]);
    return value('bool', [...int64(a), ...int64(b), compare[2]]);
  }

  /**
   * `(s - (s >>> 0)) / TWO32`: the only division in the subset. The dividend is a
   * multiple of 2^32, so the quotient is exact and equals an arithmetic shift by 32.
   * Any other division (which could leave a fraction) is refused.
   */
  private carryDivision(a: Value, b: Value, at: es.Node): Value {
    const e = at as es.BinaryExpression;
    const l = e.left;
    const exact = isConstant(b) && b.constant === TWO32 && l.type === 'BinaryExpression' && l.operator === '-'
      && l.left.type === 'Identifier' && l.right.type === 'BinaryExpression' && l.right.operator === '>>>'
      && l.right.left.type === 'Identifier' && l.right.left.name === l.left.name
      && l.right.right.type === 'Literal' && l.right.right.value === 0;
    if (!exact) throw new TemplateCompileError('a division other than (s - (s >>> 0)) / TWO32');
    return value('i64', [...int64(a), Op.i64Const, 32, Op.i64ShrS]);
  }

  /**
   * A test (of `if`, `?:`, `!`, or an operand of `&&`/`||` in one): only its truthiness
   * matters, so `&&` and `||` may join numbers here (`if ($L21 && r[k] !== 0)`). The
   * answer is a boolean known at translation time, or code leaving an i32 that is
   * non-zero exactly when the test holds.
   */
  private condition(e: es.Expression): boolean | number[] {
    if (e.type === 'LogicalExpression' && e.operator !== '??') {
      const a = this.condition(e.left);
      const and = e.operator === '&&';
      if (typeof a === 'boolean') return a === and ? this.condition(e.right) : a;
      const b = this.condition(e.right);
      const rest = typeof b === 'boolean' ? [Op.i32Const, b ? 1 : 0] : b;
      return and ? [...a, Op.if, 0x7f, ...rest, Op.else, Op.i32Const, 0, Op.end]
        : [...a, Op.if, 0x7f, Op.i32Const, 1, Op.else, ...rest, Op.end];
    }
    if (e.type === 'UnaryExpression' && e.operator === '!') {
      const a = this.condition(e.argument);
      return typeof a === 'boolean' ? !a : [...a, Op.i32Eqz];
    }
    const v = this.expression(e);
    return isConstant(v) ? Boolean(v.constant) : truthy(v);
  }

  private logical(e: es.LogicalExpression): Value {
    if (e.operator === '??') throw new TemplateCompileError('?? is not in the template subset');
    const a = this.expression(e.left);
    const symbol = symbolOf(a);
    if (symbol !== undefined) throw new NeedsConstant(symbol.name); // folded when known, as a constant is
    if (isConstant(a)) {
      if (typeof a.constant !== 'boolean') throw new TemplateCompileError(`${e.operator} on a number`);
      return (e.operator === '&&') === a.constant ? this.booleanOperand(e.right) : a;
    }
    if (a.kind !== 'bool') throw new TemplateCompileError(`${e.operator} on a number`);
    const b = this.booleanOperand(e.right);
    return e.operator === '&&'
      ? value('bool', [...a.code, Op.if, 0x7f, ...materialize(b), Op.else, Op.i32Const, 0, Op.end])
      : value('bool', [...a.code, Op.if, 0x7f, Op.i32Const, 1, Op.else, ...materialize(b), Op.end]);
  }

  private booleanOperand(e: es.Expression): Value {
    const v = this.expression(e);
    if (kindOf(v) !== 'bool') throw new TemplateCompileError('&& or || on a number');
    return v;
  }

  private unary(e: es.UnaryExpression): Value {
    if (e.operator === '!') {
      const test = this.condition(e.argument);
      return typeof test === 'boolean' ? { constant: !test } : value('bool', [...test, Op.i32Eqz]);
    }
    const a = this.expression(e.argument);
    const symbol = symbolOf(a);
    if (symbol !== undefined) {
      if (kindOf(a) === 'bool') throw new TemplateCompileError(`unary ${e.operator} on a boolean`);
      if (e.operator === '-') return this.symbolic(['neg', symbol.expr], [-symbol.hi, -symbol.lo]);
      if (e.operator === '~') return this.symbolic(['~', symbol.expr], [-0x80000000, 0x7fffffff]);
      throw new NeedsConstant(symbol.name);
    }
    if (isConstant(a)) {
      switch (e.operator) {
        case '~': return { constant: ~(a.constant as number) };
        case '-': return { constant: -(a.constant as number) };
        default: throw new TemplateCompileError(`unary ${e.operator}`);
      }
    }
    switch (e.operator) {
      case '~': return value('i32', [...int32Bits(a), Op.i32Const, 0x7f, Op.i32Xor]);
      case '-': return value('i64', [Op.i64Const, 0, ...int64(a), Op.i64Sub]);
      default: throw new TemplateCompileError(`unary ${e.operator} is not in the template subset`);
    }
  }

  private conditional(e: es.ConditionalExpression): Value {
    let test: boolean | number[];
    if (this.ctx.relocations !== undefined && e.test.type !== 'LogicalExpression' && !(e.test.type === 'UnaryExpression' && e.test.operator === '!')) {
      // in a fragment the test is compiled once here (condition() would compile it as this does)
      const v = this.expression(e.test);
      const t = symbolOf(v);
      if (t !== undefined) return this.symbolicConditional(t, e);
      test = isConstant(v) ? Boolean(v.constant) : truthy(v);
    } else {
      test = this.condition(e.test);
    }
    if (typeof test === 'boolean') return this.expression(test ? e.consequent : e.alternate);
    const a = this.expression(e.consequent), b = this.expression(e.alternate);
    const k = joinKinds(kindOf(a), kindOf(b));
    return value(k, [...test, Op.if, valType(k), ...asKind(a, k), Op.else, ...asKind(b, k), Op.end]);
  }

  /** `t ? a : b` with the test known only when the fragment is copied: a symbol, when both arms are known then too. */
  private symbolicConditional(t: Symbolic, e: es.ConditionalExpression): Value {
    const a = this.expression(e.consequent), b = this.expression(e.alternate);
    const sa = symbolOf(a), sb = symbolOf(b);
    if ((sa === undefined && !isConstant(a)) || (sb === undefined && !isConstant(b))) throw new NeedsConstant(t.name);
    const ka = kindOf(a), kb = kindOf(b);
    if ((ka === 'bool') !== (kb === 'bool')) throw new TemplateCompileError('a boolean and a number meet');
    const [alo, ahi] = knownRange(a), [blo, bhi] = knownRange(b);
    return this.symbolic(['?', t.expr, knownExpression(a), knownExpression(b)], ka === 'bool' ? 'bool' : [Math.min(alo, blo), Math.max(ahi, bhi)]);
  }

  /** The byte offset in the register file of `r[k]` (or `c.r[k]` for the Cpu c), or with bound locals its computed address. */
  private registerPlace(e: es.MemberExpression): RegisterPlace {
    const object = e.object;
    const isFile = (object.type === 'Identifier' && this.lookup(object.name)?.is === 'registers')
      || (object.type === 'MemberExpression' && !object.computed && object.object.type === 'Identifier'
        && this.lookup(object.object.name)?.is === 'cpu' && object.property.type === 'Identifier' && object.property.name === 'r');
    if (!isFile || !e.computed) throw new TemplateCompileError('an indexed access to something other than the register file');
    const index = this.expression(e.property as es.Expression);
    const symbol = symbolOf(index);
    if (symbol !== undefined) {
      if (symbol.lo < 0 || symbol.hi >= this.ctx.registerWords) throw new TemplateCompileError('a register-file index outside the file');
      return { at: ['*', symbol.expr, ['c', 4]], symbol };
    }
    if (!isConstant(index) && this.ctx.computedRegisterIndices) return { address: this.wordAddress(index) };
    if (!isConstant(index) || typeof index.constant !== 'number' || !Number.isInteger(index.constant)
      || index.constant < 0 || index.constant >= this.ctx.registerWords) throw new TemplateCompileError('a register-file index that is not a constant word');
    if (this.ctx.relocations !== undefined) return { at: ['c', index.constant * 4] };
    return { offset: index.constant * 4 };
  }

  /**
   * The address of register-file word `index` (computed at run time): the file's address
   * plus four times the index. Indices come from instruction fields (at most twice 31
   * plus 1, or a named register's word), so they stay inside the file.
   */
  private wordAddress(index: Value): number[] {
    const code: number[] = [Op.localGet];
    unsignedLeb(code, this.ctx.registersLocal);
    code.push(...int32Bits(index), Op.i32Const, 2, Op.i32Shl, Op.i32Add);
    return code;
  }

  /** The i64 local holding the 64-bit register whose word is at `offset`, if it is kept in one. */
  private slotLocal(offset: number): number | undefined { return this.ctx.registerLocals?.get(offset & ~7); }

  /** Code writing every register kept in a local back to the register file. */
  private spill(out: number[]): void {
    if (this.ctx.relocations !== undefined) out.push(this.ctx.relocations.mark({ form: 'spill' }));
    else if (this.ctx.registerLocals) transferRegisterLocals(out, this.ctx.registerLocals, this.ctx.registersLocal, true);
  }

  /** The marker of a register-file access in a fragment (relocations.ts `reg`). */
  private regMark(access: RegisterAccess, place: OpenPlace): number {
    return this.ctx.relocations!.mark({ form: 'reg', access, at: place.at });
  }

  private member(e: es.MemberExpression): Value {
    if (e.computed) {
      const place = this.registerPlace(e);
      if ('address' in place) return value('i32', [...place.address, Op.i32Load, 2, 0]);
      if ('at' in place) return value('i32', [this.regMark('get32', place)]);
      const offset = place.offset;
      const local = this.slotLocal(offset);
      const code: number[] = [Op.localGet];
      if (local !== undefined) {
        // a word of a register kept in an i64 local: its low or high half
        unsignedLeb(code, local);
        if (offset & 4) code.push(Op.i64Const, 32, Op.i64ShrU);
        code.push(Op.i32WrapI64);
        return value('i32', code);
      }
      unsignedLeb(code, this.ctx.registersLocal);
      code.push(Op.i32Load, 2);
      unsignedLeb(code, offset);
      return value('i32', code);
    }
    if (e.object.type === 'Identifier' && this.lookup(e.object.name)?.is === 'cpu' && e.property.type === 'Identifier') {
      if (e.property.name === 'mode64') return { constant: this.ctx.mode64 };
      if (e.property.name === 'loadedHi') {
        if (this.loaded64 !== undefined) {
          const code: number[] = [Op.localGet];
          this.localRef(code, this.loaded64);
          code.push(Op.i64Const, 32, Op.i64ShrU, Op.i32WrapI64);
          return value('i32', code);
        }
        const code: number[] = [Op.call];
        this.accessRef(code, 'loadedHi');
        return value('i32', code);
      }
    }
    throw new TemplateCompileError('a property other than cpu.mode64 and cpu.loadedHi');
  }

  /** A call: appends its effects to `out` and answers its result, if any. */
  private call(e: es.CallExpression, out: number[]): Value | undefined {
    const callee = e.callee;
    if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier'
      && this.lookup(callee.object.name)?.is === 'cpu' && callee.property.type === 'Identifier') {
      const name = callee.property.name as AccessName;
      if (!(ACCESS_NAMES as readonly string[]).includes(name) || name === 'loadedHi') throw new TemplateCompileError(`cpu.${name}() is not an accessor`);
      if (this.ctx.tlb !== undefined) {
        const inline = this.inlineAccess(name, e.arguments, out);
        if (inline !== null) return inline;
      }
      if (name === 'load64' && this.loaded64 !== undefined) throw new TemplateCompileError('load64 through the accessor after an inline one');
      const code: number[] = [];
      for (const a of e.arguments) code.push(...int32Bits(this.expression(a)));
      // the accessor may fault (an exception through this code): the file must be exact
      this.spill(code);
      this.ctx.beforeAccessCall?.(code);
      code.push(Op.call);
      this.accessRef(code, name);
      if (ACCESS_RESULT[name]) return value('i32', code);
      out.push(...code);
      return undefined;
    }
    if (callee.type === 'Identifier' && Object.prototype.hasOwnProperty.call(WIDE_MACROS, callee.name)) return this.wideMacro(callee.name, e.arguments, out);
    const intrinsic = callee.type === 'Identifier' ? this.ctx.intrinsics?.get(callee.name) : undefined;
    if (intrinsic !== undefined) {
      const args = e.arguments.map((a) => {
        const v = this.expression(a as es.Expression);
        const symbol = symbolOf(v);
        if (symbol !== undefined) throw new NeedsConstant(symbol.name);
        if (!isConstant(v) || typeof v.constant !== 'number') throw new TemplateCompileError(`${(callee as es.Identifier).name} with an argument that is not a constant`);
        return v.constant;
      });
      intrinsic(out, args, (o) => this.spill(o));
      return undefined;
    }
    if (callee.type === 'Identifier') {
      const fn = this.ctx.helpers.get(callee.name);
      if (fn !== undefined) return this.inlineCall(callee.name, fn, e.arguments, out);
    }
    throw new TemplateCompileError('a call of something other than a Cpu accessor or a helper');
  }

  /**
   * A storage access through the TLB (CompileContext.tlb), or null when it cannot be
   * inline (a big-endian access: the accessor swaps). The arguments go to locals; a
   * hit is one load or store of the real address, a miss spills the register locals
   * and calls the accessor with the same arguments. load64's value stays in an i64
   * local for `cpu.loadedHi`.
   */
  private inlineAccess(name: AccessName, args: readonly (es.Expression | es.SpreadElement)[], out: number[]): Value | undefined | null {
    const store = name.startsWith('store');
    const size = ACCESS_SIZE[name];
    const arity = name === 'load8' ? 2 : name === 'store8' || (!store) ? 3 : name === 'store64' ? 5 : 4;
    if (args.length !== arity) throw new TemplateCompileError(`cpu.${name} with ${args.length} arguments`);
    if (size > 1) {
      const le = this.expression(args[arity - 1] as es.Expression);
      if (!isConstant(le) || le.constant !== true) return null;
    }
    const tlb = this.ctx.tlb!.address;
    const kind = store ? ACCESS_WRITE : ACCESS_READ;
    // the arguments in locals, each evaluated once (EA high, EA low, values)
    const argLocals = args.slice(0, size > 1 ? arity - 1 : arity).map((a) => {
      const local = this.newLocal(this.siteOf(a as es.Node), 'i32', false);
      out.push(...int32Bits(this.expression(a as es.Expression)), Op.localSet); this.localRef(out, local.index);
      return local.index;
    });
    const get = (local: number): number[] => { const c = [Op.localGet]; this.localRef(c, local); return c; };
    const [eh, el] = [argLocals[0]!, argLocals[1]!];
    const site = (role: string): es.Node => {
      const first = this.siteOf(args[0] as es.Node);
      let roles = this.accessSites.get(first);
      if (roles === undefined) { roles = new Map(); this.accessSites.set(first, roles); }
      let n = roles.get(role);
      if (n === undefined) { n = { type: role } as unknown as es.Node; roles.set(role, n); }
      return n;
    };
    const page = this.newLocal(site('page'), 'i32', true).index, slot = this.newLocal(site('slot'), 'i32', true).index;
    const base = this.ctx.tlb!.base;
    const tlbLoad = (which: 0 | 1 | 2): number[] => {
      const c = [...get(slot)];
      if (base !== undefined) c.push(...get(base), Op.i32Add);
      c.push(Op.i32Load, 2);
      // in a fragment the TLB's address is the block's vCPU's (a relocation)
      if (this.ctx.relocations !== undefined) c.push(this.ctx.relocations.mark({ form: 'tlb', offset: tlbArrayOffset(kind, which) }));
      else unsignedLeb(c, tlb + tlbArrayOffset(kind, which));
      return c;
    };
    const code: number[] = [
      ...get(el), Op.i32Const, 12, Op.i32ShrU, Op.localTee]; this.localRef(code, page);
    code.push(Op.i32Const, ...leb32(TLB_ENTRIES - 1), Op.i32And, Op.i32Const, 2, Op.i32Shl, Op.localSet); this.localRef(code, slot);
    // hit: tag low = page, tag high = EA high (0 when MSR[SF]=0, as Cpu.translate), inside the page
    code.push(...tlbLoad(0), ...get(page), Op.i32Eq);
    code.push(...tlbLoad(1), ...(this.ctx.mode64 ? get(eh) : [Op.i32Const, 0]), Op.i32Eq, Op.i32And);
    code.push(...get(el), Op.i32Const, ...leb32(0xfff), Op.i32And, Op.i32Const, ...leb32(4096 - size), Op.i32LeU, Op.i32And);
    const realAddress = [...tlbLoad(2), ...get(el), Op.i32Const, ...leb32(0xfff), Op.i32And, Op.i32Add];
    const slow: number[] = [];
    this.spill(slow);
    this.ctx.beforeAccessCall?.(slow);
    for (const local of argLocals) slow.push(...get(local));
    if (size > 1) slow.push(Op.i32Const, 1);
    slow.push(Op.call); this.accessRef(slow, name);
    if (store) {
      const values = argLocals.slice(2);
      const fast = [...realAddress];
      if (name === 'store64') fast.push(...get(values[1]!), Op.i64ExtendI32U, ...get(values[0]!), Op.i64ExtendI32U, Op.i64Const, 32, Op.i64Shl, Op.i64Or, Op.i64Store, 0, 0);
      else fast.push(...get(values[0]!), name === 'store8' ? Op.i32Store8 : name === 'store16' ? Op.i32Store16 : Op.i32Store, 0, 0);
      out.push(...code, Op.if, BLOCK_EMPTY, ...fast, Op.else, ...slow, Op.end);
      return undefined;
    }
    if (name === 'load64') {
      if (this.loaded64 === undefined) this.loaded64 = this.newLocal(this.siteOf(this.loaded64Site), 'i64', true).index;
      const set = [Op.localSet]; this.localRef(set, this.loaded64);
      const hiCall = [Op.call]; this.accessRef(hiCall, 'loadedHi');
      out.push(...code, Op.if, BLOCK_EMPTY, ...realAddress, Op.i64Load, 0, 0, ...set,
        Op.else, ...slow, Op.i64ExtendI32U, ...hiCall, Op.i64ExtendI32U, Op.i64Const, 32, Op.i64Shl, Op.i64Or, ...set, Op.end);
      return value('i32', [...get(this.loaded64), Op.i32WrapI64]);
    }
    const loadOp = name === 'load8' ? Op.i32Load8U : name === 'load16' ? Op.i32Load16U : Op.i32Load;
    return value('i32', [...code, Op.if, 0x7f, ...realAddress, loadOp, 0, 0, Op.else, ...slow, Op.end]);
  }

  /**
   * The 64-bit macros of the templates (gen/wide.ts), as i64 operations on `w64` values:
   * GPR reads and writes are one i64 load or store of the register file (its words keep
   * the low half first, so the two words are the value in little-endian order).
   */
  private wideMacro(name: string, args: readonly (es.Expression | es.SpreadElement)[], out: number[]): Value | undefined {
    const arity = WIDE_MACROS[name]!;
    if (args.length < arity[0] || args.length > arity[1]) throw new TemplateCompileError(`${name} with ${args.length} arguments`);
    const arg = (i: number): es.Expression => {
      const a = args[i]!;
      if (a.type === 'SpreadElement') throw new TemplateCompileError(`a spread argument of ${name}`);
      return a;
    };
    const wide = (i: number): number[] => {
      const v = this.expression(arg(i));
      if (isConstant(v) || v.kind !== 'w64') throw new TemplateCompileError(`${name}: argument ${i + 1} is not a 64-bit value`);
      return [...v.code];
    };
    const gprLoad = (place: RegisterPlace): number[] => {
      if ('address' in place) return [...place.address, Op.i64Load, 3, 0];
      if ('at' in place) return [this.regMark('get64', place)];
      const offset = place.offset;
      const code: number[] = [Op.localGet];
      const local = this.slotLocal(offset);
      if (local !== undefined) { unsignedLeb(code, local); return code; }
      unsignedLeb(code, this.ctx.registersLocal);
      code.push(Op.i64Load, 3);
      unsignedLeb(code, offset);
      return code;
    };
    switch (name) {
      case 'GPR': case 'REG64': return value('w64', gprLoad(this.gprPlace(arg(0))));
      case 'GPR_OR0': {
        const place = this.gprPlace(arg(0));
        if ('address' in place) {
          // (RA|0) with RA known at run time: 0 when the word index is 0 (both are evaluated; r0 is readable)
          return value('w64', [Op.i64Const, 0, ...gprLoad(place), ...int32Bits(this.expression(arg(0))), Op.i32Eqz, Op.select]);
        }
        if ('at' in place) {
          // (RA|0) with RA left open: the fragment is for a non-zero RA (RA = 0 is a constant)
          if (place.symbol !== undefined) {
            if (!place.symbol.nonZero) throw new NeedsConstant(place.symbol.name, true);
            return value('w64', gprLoad(place));
          }
          return value('w64', place.at[0] === 'c' && place.at[1] === 0 ? [Op.i64Const, 0] : gprLoad(place));
        }
        return value('w64', place.offset === 0 ? [Op.i64Const, 0] : gprLoad(place));
      }
      case 'EXTS': return value('w64', [...int32Bits(this.expression(arg(0))), Op.i64ExtendI32S]);
      case 'EXTZ': return value('w64', [...int32Bits(this.expression(arg(0))), Op.i64ExtendI32U]);
      case 'JOIN64': return value('w64', [
        ...int32Bits(this.expression(arg(0))), Op.i64ExtendI32U, Op.i64Const, 32, Op.i64Shl,
        ...int32Bits(this.expression(arg(1))), Op.i64ExtendI32U, Op.i64Or]);
      case 'ADD64': {
        const code = [...wide(0), ...wide(1), Op.i64Add];
        if (args.length === 3) code.push(...int64(this.expression(arg(2))), Op.i64Add);
        return value('w64', code);
      }
      case 'AND64': return value('w64', [...wide(0), ...wide(1), Op.i64And]);
      case 'OR64': return value('w64', [...wide(0), ...wide(1), Op.i64Or]);
      case 'XOR64': return value('w64', [...wide(0), ...wide(1), Op.i64Xor]);
      case 'NOT64': return value('w64', [...wide(0), Op.i64Const, 0x7f, Op.i64Xor]);
      case 'HI': return value('i32', [...wide(0), Op.i64Const, 32, Op.i64ShrU, Op.i32WrapI64]);
      case 'LO': return value('i32', [...wide(0), Op.i32WrapI64]);
      case 'LT64S': case 'GT64S': case 'LT64U': case 'GT64U': case 'EQ64': return value('bool', [...wide(0), ...wide(1), WIDE_COMPARE[name]!]);
      case 'NZ64': return value('bool', [...wide(0), Op.i64Eqz, Op.i32Eqz]);
      case 'SET_GPR': case 'SET_REG64': {
        const place = this.gprPlace(arg(0));
        if ('address' in place) { out.push(...place.address, ...wide(1), Op.i64Store, 3, 0); return undefined; }
        if ('at' in place) { out.push(this.regMark('set64-pre', place), ...wide(1), this.regMark('set64', place)); return undefined; }
        const offset = place.offset;
        const local = this.slotLocal(offset);
        if (local !== undefined) { out.push(...wide(1), Op.localSet); unsignedLeb(out, local); return undefined; }
        out.push(Op.localGet); unsignedLeb(out, this.ctx.registersLocal);
        out.push(...wide(1), Op.i64Store, 3); unsignedLeb(out, offset);
        return undefined;
      }
      default: throw new TemplateCompileError(`unknown 64-bit macro ${name}`);
    }
  }

  /** The place of a GPR from its register-file word (`g$F`: a constant even word, or with bound locals one computed at run time). */
  private gprPlace(e: es.Expression): RegisterPlace {
    const word = this.expression(e);
    const symbol = symbolOf(word);
    if (symbol !== undefined) {
      if (symbol.lo < 0 || symbol.hi + 1 >= this.ctx.registerWords) throw new TemplateCompileError('a GPR word outside the register file');
      const at: SymbolExpression = ['*', symbol.expr, ['c', 4]];
      this.openSlotsNamedWhole.set(JSON.stringify(at), at);
      return { at, symbol };
    }
    if (!isConstant(word) && this.ctx.computedRegisterIndices) return { address: this.wordAddress(word) };
    if (!isConstant(word) || typeof word.constant !== 'number' || !Number.isInteger(word.constant) || word.constant < 0
      || word.constant % 2 !== 0 || word.constant + 1 >= this.ctx.registerWords) throw new TemplateCompileError('a GPR word that is not a constant even word');
    this.slotsNamedWhole.add(word.constant * 4);
    if (this.ctx.relocations !== undefined) {
      const at: SymbolExpression = ['c', word.constant * 4];
      this.openSlotsNamedWhole.set(JSON.stringify(at), at);
      return { at };
    }
    return { offset: word.constant * 4 };
  }

  /**
   * A helper's body in place of its call: parameters bound to the arguments (constants
   * stay constants, the Cpu and the register file stay themselves, other values go to
   * fresh locals). A helper with a result returns it in its last statement; one
   * without may return early (a `block` its returns leave).
   */
  private inlineCall(name: string, fn: (...args: never[]) => unknown, args: readonly (es.Expression | es.SpreadElement)[], out: number[]): Value | undefined {
    const ast = helperAst(fn, name);
    const scope = new Map<string, Binding>();
    ast.params.forEach((p, i) => {
      if (p.type !== 'Identifier') throw new TemplateCompileError(`helper ${name}: a parameter pattern`);
      const a = args[i];
      if (a === undefined) throw new TemplateCompileError(`helper ${name}: missing argument ${p.name}`);
      if (a.type === 'Identifier') {
        const b = this.lookup(a.name);
        if (b?.is === 'cpu' || b?.is === 'registers') { scope.set(p.name, b); return; }
      }
      const v = this.expression(a);
      if (isConstant(v)) { scope.set(p.name, { is: 'constant', value: v.constant }); return; }
      const symbol = symbolOf(v);
      if (symbol !== undefined) { scope.set(p.name, { is: 'symbol', value: { ...v, symbol } }); return; }
      const local = this.newLocal(this.siteOf(p), v.kind, false);
      out.push(...asKind(v, this.localKind(local)), Op.localSet); this.localRef(out, local.index);
      scope.set(p.name, local);
    });
    const body = ast.body.body;
    const last = body[body.length - 1];
    const result = last?.type === 'ReturnStatement' && last.argument ? last.argument : undefined;
    // the helper sees its parameters and module-level names, not the caller's locals
    const callerScopes = this.scopes;
    this.scopes = [scope];
    let v: Value | undefined;
    if (result !== undefined) {
      for (const s of body.slice(0, -1)) this.statement(s, out);
      v = this.expression(result);
    } else {
      out.push(Op.block, BLOCK_EMPTY);
      this.controls.push('#return');
      for (const s of body) this.statement(s, out);
      this.controls.pop();
      out.push(Op.end);
    }
    this.scopes = callerScopes;
    return v;
  }
}
