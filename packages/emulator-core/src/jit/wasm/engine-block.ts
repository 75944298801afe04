import type { Cpu } from '../../cpu/cpu.js';
import { GuestFaultSignal } from '../../cpu/cpu.js';
import { instructionTemplate64, instructionBindings } from '../../gen/block.js';
import type * as es from 'acorn';
import type { Semantics } from '../../isa/semantics/template.js';
import * as layout from '../../state/layout.js';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { ModuleBuilder, ValType, Op, BLOCK_EMPTY, signedLeb, unsignedLeb } from './encoder.js';
import { TemplateCompiler, registerLocalSlots, registerLocalSlotsOf, transferRegisterLocals, parseStatements, type AccessName, type CompileContext, type CompiledStatement } from './template-compiler.js';
import { TemplateCompileError } from './values.js';
import { fragmentFor, copyFragment, type Fragment, type FragmentContext } from './fragments.js';
import { symbolNumber } from './relocations.js';
import { prebuiltFragmentsJson } from './fragment-enumeration.js';
import { TEMPLATE_CONSTANTS, TEMPLATE_HELPERS, accessType, accessImports } from './straight-block.js';
import {
  STALE, faultAnswer, jumpAnswer, exitAnswer, blockEnd, blockCount, BlockEnd, mayFault, stores, instructionAddresses, branchesToStart, type BlockInstruction,
} from '../block-source.js';
import type { BlockFunction } from '../translate.js';
import { Flow } from '../../decode/instruction.js';
import { decoder } from '../../isa/index.js';
import { hotSemantics } from '../../isa/semantics/hot.js';
import { blockTableOf, jumpMode, SCRATCH_DISPATCHED, SCRATCH_FAULT_COUNT } from './block-table.js';
import { blockCacheOf } from '../block-cache.js';
import { CTL_REQUESTS } from '../../cpu/control.js';

/**
 * A translated block as WebAssembly, for a vCPU that lives in an arena
 * (memory/arena.ts): the same block the JavaScript back end makes (block-source.ts
 * says what makes it exact), from the same template text, with the register file,
 * guest RAM and the TLB reached by plain loads and stores of the arena:
 *
 * - entry check: the block's words are compared with RAM first; a changed word
 *   answers STALE and nothing runs;
 * - storage accesses go through the TLB inline (TemplateCompiler's `tlb`); a miss
 *   calls the Cpu's accessor, which may fault by throwing GuestFaultSignal through the
 *   module. Before each call that may fault (an accessor on a TLB miss, a handler) the
 *   block writes NIP (that instruction) and the count of its instructions completed
 *   before it (scratch word FAULT_COUNT), and the JavaScript wrapper turns the fault
 *   into the answer the JavaScript block gives: NIP on the faulting instruction, the
 *   earlier ones retired;
 * - after a store, the words still to run are compared again, and the block ends
 *   before one that changed (the interpreter would fetch the new word);
 * - a block whose branch goes back to its own first instruction loops inside the
 *   function while the caller's limit allows another pass, with the 64-bit registers
 *   it names in i64 locals (written back before an accessor call and at every exit),
 *   and, as the JavaScript block, no request from another thread pending (the
 *   vCPU's control words are in the arena).
 *
 * - an instruction without a template calls its row's handler through an import,
 *   with NIP on it, as the JavaScript block does; a handler's jump or exit ends the
 *   block with the same answers. A loop with a handler keeps its registers in the
 *   file and compares its words before each pass (the handler may be isync).
 *
 * The run loop calls a block through its wrapper (engineBlock), which enters it in the
 * vCPU's jump cache and calls the dispatcher (block-table.ts): from there the blocks
 * chain inside WebAssembly until a block the jump cache does not hold, or the limit.
 * While the hypervisor has instruction breakpoints armed the wrapper runs its block
 * alone (the run loop checks each block it enters for them, run-blocks.ts).
 */


/**
 * Parameters of the block function: the register file's arena address, the caller's
 * limit; then locals: the count of retired instructions, a handler's flow.
 */
const P_REGISTERS = 0, P_LIMIT = 1, L_COUNT = 2, L_FLOW = 3, FIRST_REGISTER_LOCAL = 4;

const i32Const = (out: number[], v: number): void => { out.push(Op.i32Const); signedLeb(out, v | 0); };
const localGet = (out: number[], i: number): void => { out.push(Op.localGet); unsignedLeb(out, i); };

/**
 * Before a call that may fault (an accessor on a TLB miss, a handler): NIP on the
 * instruction and what this block retired before it, for the wrapper (a hit of the
 * inline TLB cannot fault, so it records nothing). The immediates (address words,
 * the instruction's index) are given as bytes: a fragment's are markers (fragments.ts).
 */
function faultRecord(out: number[], lo: readonly number[], hi: readonly number[], index: readonly number[]): void {
  localGet(out, P_REGISTERS); out.push(Op.i32Const, ...lo, Op.i32Store, 2); unsignedLeb(out, layout.NIP_BYTE);
  localGet(out, P_REGISTERS); out.push(Op.i32Const, ...hi, Op.i32Store, 2); unsignedLeb(out, layout.NIP_BYTE + 4);
  localGet(out, P_REGISTERS); localGet(out, L_COUNT); out.push(Op.i32Const, ...index, Op.i32Add, Op.i32Store, 2);
  unsignedLeb(out, layout.REGISTER_FILE_BYTES + 4 * SCRATCH_FAULT_COUNT);
}

/**
 * The indices a fragment is compiled with for the frame's `nipHi`, `nipLo` (relocated to
 * where each block has them: after its register locals, fromFragments).
 */
const NIP_HI = FIRST_REGISTER_LOCAL, NIP_LO = FIRST_REGISTER_LOCAL + 1;

/** How fragments are compiled for blocks in one mode (MSR[SF], MSR[LE]), made once per mode. */
const fragmentContexts = new Map<string, FragmentContext>();

function fragmentContext(mode64: boolean, le: boolean): FragmentContext {
  const key = `${mode64 ? 64 : 32}${le ? 'le' : 'be'}`;
  let ctx = fragmentContexts.get(key);
  if (ctx === undefined) {
    ctx = {
      compile: {
        constants: TEMPLATE_CONSTANTS, helpers: TEMPLATE_HELPERS, bound: new Map([['le', le]]), mode64,
        registersName: 'r', registersLocal: P_REGISTERS, cpuName: 'cpu', registerWords: layout.REGISTER_FILE_BYTES / 4,
        tlb: { address: 0 }, // a relocation in fragments
      },
      key, nipHi: NIP_HI, nipLo: NIP_LO, firstLocal: NIP_LO + 1,
      recordFault: (out, lo, hi, index) => faultRecord(out, [lo], [hi], [index]),
    };
    fragmentContexts.set(key, ctx);
  }
  return ctx;
}

/**
 * Templates whose steering names have at most this many combinations of values get
 * every fragment prebuilt (the others are compiled when met): 32 takes every template
 * but `sradi` (its shift count steers), SPR moves and the conditional branches (BO, LK).
 */
const PREBUILT_COMBINATIONS = 32;

/** fragments.json for the bundle (prebuilt-fragments.ts): the 64-bit little-endian mode's, where user programs and Linux run. */
export function engineBlockFragmentsJson(): string {
  return prebuiltFragmentsJson(new Map([['64le', fragmentContext(true, true)]]), templateStatements, PREBUILT_COMBINATIONS);
}

/** One vCPU's imports for its blocks: the arena memory and the Cpu's accessors (made once per Cpu). */
const importsByCpu = new WeakMap<Cpu, Record<string, Record<string, unknown>>>();

function importsFor(cpu: Cpu): Record<string, Record<string, unknown>> {
  let imports = importsByCpu.get(cpu);
  if (imports === undefined) {
    const handler = (op: number, w: number): number => decoder.byFacilities[cpu.facilities]![op]!(cpu, w);
    imports = { env: { memory: cpu.arena!.arena.memory, ...accessImports(cpu), handler } };
    importsByCpu.set(cpu, imports);
  }
  return imports;
}

/**
 * A template's statements (gen/block.ts instructionTemplate64), parsed once: inside the
 * `block` label its JUMPs break to, which the parser wants to see; the block's own
 * label is engineBlockModule's.
 */
function templateStatements(s: Semantics): readonly es.Statement[] {
  let body = templateAsts.get(s);
  if (body === undefined) {
    const [outer] = parseStatements(templateSource(s));
    body = ((outer as es.LabeledStatement).body as es.BlockStatement).body;
    templateAsts.set(s, body);
  }
  return body;
}

const templateAsts = new WeakMap<Semantics, readonly es.Statement[]>();

const templateSource = (s: Semantics): string => `block: {\n${instructionTemplate64(s)}\n}`;

/** The fixed texts of a block around its templates' statements. */
const FAULT_AT_TEXT = 'FAULT_AT(I);', HANDLER_TEXT = 'HANDLER(I);', STORED_TEXT = 'STORED(I);';
const FRAME_TEXT = `let nipHi = FALL_HI, nipLo = FALL_LO;
  block: {}
  r[${layout.W_NIP}] = nipLo; r[${layout.W_NIP + 1}] = nipHi;`;

/**
 * Every text engineBlockModule parses: the templates, the block's frame and the
 * helpers the templates call (prebuilt-statements.ts makes their trees ahead of time).
 */
export function blockStatementSources(): string[] {
  return [
    ...hotSemantics.map(templateSource), FAULT_AT_TEXT, HANDLER_TEXT, STORED_TEXT, FRAME_TEXT,
    ...[...TEMPLATE_HELPERS.values()].map((fn) => fn.toString()),
  ];
}

/**
 * The module's bytes for the block (exported function `run(registers, limit) -> answer`);
 * throws TemplateCompileError. The block is put together from its instructions'
 * fragments (fragments.ts) unless `wholeBlock`; a block a fragment is refused for is
 * compiled whole. Both give the same bytes (fragments.test.ts).
 */
export function engineBlockModule(
  list: readonly BlockInstruction[], pa: number, ciaHi: number, ciaLo: number, mode64: boolean, le: boolean,
  memory: { readonly pages: number }, tlbAddress: number, requests: number, wholeBlock = false,
): Uint8Array {
  const len = list.length;
  if (len === 0) throw new TemplateCompileError('an empty block');
  const cia = instructionAddresses(len, ciaHi, ciaLo, mode64);
  const [startHi, startLo] = cia[0]!;
  const [fallHi, fallLo] = cia[len]!;
  const loops = branchesToStart(list[len - 1]!, cia[len - 1]!, startHi, startLo, mode64);
  const last = list[len - 1]!.s;
  const branches = last !== undefined && /\bJUMP\(/.test(last.body);
  // with a handler call (maybe a context-synchronising instruction), the words are compared before every pass
  const withHandlers = list.some((i) => i.s === undefined);

  const builder = new ModuleBuilder();
  // imports are declared as the code first calls them: each one costs the module's
  // compilation and instantiation about 10 µs, and a block calls few of the accessors
  // (the block's function, defined after the compilation, comes after them all)
  const indices = new Map<AccessName, number>();
  const accessIndex = (name: AccessName): number => {
    let index = indices.get(name);
    if (index === undefined) { index = builder.importFunction('env', name, accessType(name)); indices.set(name, index); }
    return index;
  };
  let handlerIndex: number | undefined;
  const handlerImport = (): number => (handlerIndex ??= builder.importFunction('env', 'handler', { params: [ValType.I32, ValType.I32], results: [ValType.I32] }));
  builder.importMemory({ module: 'env', name: 'memory', minimumPages: memory.pages, maximumPages: memory.pages, shared: true });

  /** Code answering whether any of words first..len-1 differs from what was translated. */
  const changed = (out: number[], first: number): void => {
    for (let i = first; i < len; i++) {
      i32Const(out, pa + 4 * i);
      out.push(Op.i32Load, 2, 0);
      i32Const(out, list[i]!.raw);
      out.push(Op.i32Ne);
      if (i > first) out.push(Op.i32Or);
    }
  };
  const setNip = (out: number[], hi: number, lo: number): void => {
    localGet(out, P_REGISTERS); i32Const(out, lo); out.push(Op.i32Store, 2); unsignedLeb(out, layout.NIP_BYTE);
    localGet(out, P_REGISTERS); i32Const(out, hi); out.push(Op.i32Store, 2); unsignedLeb(out, layout.NIP_BYTE + 4);
  };
  const leb = (v: number): number[] => { const out: number[] = []; signedLeb(out, v | 0); return out; };
  const recordFault = (out: number[], i: number): void => faultRecord(out, leb(cia[i]![1]), leb(cia[i]![0]), leb(i));
  let faultIndex = -1;
  const intrinsics = new Map<string, (out: number[], args: readonly number[], spill: (out: number[]) => void) => void>([
    // the instruction the accesses that follow belong to (no code: see beforeAccessCall)
    ['FAULT_AT', (_out, [i]) => { faultIndex = i!; }],
    // an instruction without a template: its row's handler, with NIP on it, as the
    // interpreter calls it (block-source.ts); a jump or an exit ends the block
    ['HANDLER', (out, [i]) => {
      const insn = list[i!]!;
      recordFault(out, i!);
      i32Const(out, insn.op!); i32Const(out, insn.w);
      out.push(Op.call); unsignedLeb(out, handlerImport());
      out.push(Op.localTee); unsignedLeb(out, L_FLOW);
      i32Const(out, Flow.Next); out.push(Op.i32Ne, Op.if, BLOCK_EMPTY);
      localGet(out, L_FLOW); i32Const(out, Flow.Jump); out.push(Op.i32Eq, Op.if, 0x7f);
      i32Const(out, jumpAnswer(i! + 1)); localGet(out, L_COUNT); out.push(Op.i32Sub, Op.else);
      i32Const(out, exitAnswer(i!)); localGet(out, L_COUNT); out.push(Op.i32Sub, Op.end, Op.return, Op.end);
    }],
    // after a store by instruction i: end before a word still to run that changed
    ['STORED', (out, [i], spill) => {
      changed(out, branches ? 0 : i! + 1);
      out.push(Op.if, BLOCK_EMPTY);
      spill(out);
      setNip(out, cia[i! + 1]![0], cia[i! + 1]![1]);
      localGet(out, L_COUNT); i32Const(out, i! + 1); out.push(Op.i32Add, Op.return, Op.end);
    }],
  ]);

  /**
   * The block's frame and instructions put together from fragments, as the template
   * compiler would compile FRAME_TEXT around them (in a loop that keeps registers in
   * locals, the ones its fragments name whole); undefined when a template is refused.
   */
  const fromFragments = (inLocals: boolean): { code: number[]; locals: ValType[]; registerLocals: Map<number, number> } | undefined => {
    const ctx = fragmentContext(mode64, le);
    const pieces: ({ fragment: Fragment; bindings: Map<string, number> } | undefined)[] = [];
    for (let i = 0; i < len; i++) {
      const insn = list[i]!;
      if (insn.s === undefined) { pieces.push(undefined); continue; }
      const bindings = instructionBindings(insn.s, insn.w, cia[i]![0], cia[i]![1]);
      const s = insn.s;
      const fragment = fragmentFor(s, () => templateStatements(s), bindings, ctx);
      if (fragment === undefined) return undefined;
      pieces.push({ fragment, bindings });
    }
    const named: number[] = [];
    if (inLocals) for (const p of pieces) for (const at of p?.fragment.wholeSlots ?? []) named.push(symbolNumber(at, p!.bindings));
    const registerLocals = registerLocalSlotsOf(named, FIRST_REGISTER_LOCAL);
    const nipHi = FIRST_REGISTER_LOCAL + registerLocals.size, nipLo = nipHi + 1;
    const spill = (out: number[]): void => transferRegisterLocals(out, registerLocals, P_REGISTERS, true);
    const bound = (name: string): number => (name === 'nipHi' ? nipHi : name === 'nipLo' ? nipLo : -1);
    const code: number[] = [];
    const locals: ValType[] = [ValType.I32, ValType.I32];
    // let nipHi = FALL_HI, nipLo = FALL_LO;
    i32Const(code, fallHi); code.push(Op.localSet); unsignedLeb(code, nipHi);
    i32Const(code, fallLo); code.push(Op.localSet); unsignedLeb(code, nipLo);
    code.push(Op.block, BLOCK_EMPTY);
    for (let i = 0; i < len; i++) {
      const insn = list[i]!, piece = pieces[i];
      if (piece !== undefined) {
        copyFragment(code, piece.fragment, {
          bindings: piece.bindings, ciaHi: cia[i]![0], ciaLo: cia[i]![1], index: i, firstLocal: nipHi + locals.length,
          access: (name) => accessIndex(name as AccessName), tlbAddress, registersLocal: P_REGISTERS, registerLocals, bound,
          registerBytes: layout.REGISTER_FILE_BYTES,
        });
        locals.push(...piece.fragment.locals);
      } else {
        intrinsics.get('HANDLER')!(code, [i], spill);
      }
      if (stores(insn) && i < len - 1) intrinsics.get('STORED')!(code, [i], spill);
    }
    code.push(Op.end);
    // r[W_NIP] = nipLo; r[W_NIP + 1] = nipHi;
    localGet(code, P_REGISTERS); localGet(code, nipLo); code.push(Op.i32Store, 2); unsignedLeb(code, layout.NIP_BYTE);
    localGet(code, P_REGISTERS); localGet(code, nipHi); code.push(Op.i32Store, 2); unsignedLeb(code, layout.NIP_BYTE + 4);
    return { code, locals, registerLocals };
  };

  /** The block's statements, for the template compiler to compile whole: each template parsed once and bound to its word and address. */
  const wholeStatements = (): CompiledStatement[] => {
    const body: CompiledStatement[] = [];
    list.forEach((insn, i) => {
      const index = new Map([['I', i]]);
      if (mayFault(insn)) body.push({ type: 'BoundStatement', bindings: index, body: parseStatements(FAULT_AT_TEXT) });
      if (insn.s) {
        body.push({ type: 'BoundStatement', bindings: instructionBindings(insn.s, insn.w, cia[i]![0], cia[i]![1]), body: templateStatements(insn.s), instance: i });
      } else {
        body.push({ type: 'BoundStatement', bindings: index, body: parseStatements(HANDLER_TEXT) });
      }
      if (stores(insn) && i < len - 1) body.push({ type: 'BoundStatement', bindings: index, body: parseStatements(STORED_TEXT) });
    });
    const [prologue, blockLabel, ...epilogue] = parseStatements(FRAME_TEXT);
    const labelled = blockLabel as es.LabeledStatement;
    return [{
      type: 'BoundStatement', bindings: new Map([['FALL_HI', fallHi], ['FALL_LO', fallLo]]),
      body: [prologue!, { ...labelled, body: { ...(labelled.body as es.BlockStatement), body: body as es.Statement[] } }, ...epilogue],
    }];
  };

  const compiler = (firstLocal: number, registerLocals?: ReadonlyMap<number, number>, learned?: TemplateCompiler): TemplateCompiler => new TemplateCompiler({
    constants: TEMPLATE_CONSTANTS, helpers: TEMPLATE_HELPERS, bound: new Map([['le', le]]), mode64,
    registersName: 'r', registersLocal: P_REGISTERS, cpuName: 'cpu', registerWords: layout.REGISTER_FILE_BYTES / 4,
    access: { index: accessIndex }, tlb: { address: tlbAddress }, intrinsics,
    beforeAccessCall: (out) => { if (faultIndex < 0) throw new TemplateCompileError('an access before FAULT_AT'); recordFault(out, faultIndex); },
    ...(registerLocals ? { registerLocals } : {}),
  } satisfies CompileContext, firstLocal, learned);

  // in a loop, the 64-bit registers named as such live in i64 locals (straight-block.ts's loop)
  let registerLocals = new Map<number, number>();
  const registersInLocals = loops && !withHandlers;
  let pass: { code: number[]; locals: ValType[] } | undefined;
  const fragments = wholeBlock ? undefined : fromFragments(registersInLocals);
  if (fragments !== undefined) {
    pass = fragments;
    registerLocals = fragments.registerLocals;
  } else {
    const statements = wholeStatements();
    let probe: TemplateCompiler | undefined;
    if (registersInLocals) {
      probe = compiler(FIRST_REGISTER_LOCAL);
      probe.compileStatements(statements);
      registerLocals = registerLocalSlots(probe, FIRST_REGISTER_LOCAL);
    }
    const firstLocal = FIRST_REGISTER_LOCAL + registerLocals.size;
    pass = compiler(firstLocal, registerLocals, probe).compileStatements(statements);
  }
  const slots = (out: number[], store: boolean): void => transferRegisterLocals(out, registerLocals, P_REGISTERS, store);

  const code: number[] = [];
  changed(code, 0);
  code.push(Op.if, BLOCK_EMPTY); i32Const(code, STALE); code.push(Op.return, Op.end);
  slots(code, false);
  code.push(Op.loop, BLOCK_EMPTY, ...pass.code);
  localGet(code, L_COUNT); i32Const(code, len); code.push(Op.i32Add, Op.localSet); unsignedLeb(code, L_COUNT);
  if (loops) {
    // again while NIP is the block's start and a whole pass fits in the limit
    localGet(code, P_REGISTERS); code.push(Op.i32Load, 2); unsignedLeb(code, layout.NIP_BYTE); i32Const(code, startLo); code.push(Op.i32Eq);
    localGet(code, P_REGISTERS); code.push(Op.i32Load, 2); unsignedLeb(code, layout.NIP_BYTE + 4); i32Const(code, startHi); code.push(Op.i32Eq, Op.i32And);
    localGet(code, L_COUNT); i32Const(code, len); code.push(Op.i32Add); localGet(code, P_LIMIT); code.push(Op.i32LeS, Op.i32And);
    if (withHandlers) { changed(code, 0); code.push(Op.i32Eqz, Op.i32And); }
    // no request from another thread pending (the run loop's control word, in the arena)
    i32Const(code, 0); code.push(Op.atomicPrefix, Op.i32AtomicLoad, 2); unsignedLeb(code, requests + 4 * CTL_REQUESTS);
    code.push(Op.i32Eqz, Op.i32And);
    code.push(Op.brIf, 0);
  }
  code.push(Op.end);
  slots(code, true);
  localGet(code, L_COUNT);
  builder.addFunction({
    type: { params: [ValType.I32, ValType.I32], results: [ValType.I32] },
    locals: [ValType.I32, ValType.I32, ...[...registerLocals.keys()].map(() => ValType.I64), ...pass.locals], code,
  }, 'run');
  return builder.bytes();
}

/**
 * The block as a BlockFunction for the run loop (run-blocks.ts), or undefined when the
 * template compiler refuses it (the caller keeps the JavaScript block).
 */
export function engineBlock(cpu: Cpu, list: readonly BlockInstruction[], pa: number, ciaHi: number, ciaLo: number, mode64: boolean, le: boolean): BlockFunction | undefined {
  const place = cpu.arena!;
  let bytes: Uint8Array;
  try {
    bytes = engineBlockModule(list, pa, ciaHi, ciaLo, mode64, le, place.arena, place.arena.tlbAddress(place.vcpu), place.arena.controlsOf(place.vcpu));
  } catch (e) {
    if (e instanceof TemplateCompileError) return undefined;
    throw e;
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), importsFor(cpu));
  const run = instance.exports.run as (registers: number, limit: number) => number;
  const blocks = blockTableOf(cpu);
  const cache = blockCacheOf(cpu);
  cache.onClear ??= () => blocks.clear();
  let index = blocks.add(run), generation = blocks.generation;
  const { registers, scratch } = blocks;
  const length = list.length;
  const hi = mode64 ? ciaHi : 0;
  return (c, r, _le, _words, limit) => {
    let answer: number;
    try {
      if (c.hvBreakpoints.length !== 0) {
        scratch[SCRATCH_DISPATCHED] = 0;
        answer = run(registers, limit);
      } else {
        // the table was emptied since this block's function went in (the cache started over)
        if (generation !== blocks.generation) { index = blocks.add(run); generation = blocks.generation; }
        blocks.enter(hi, ciaLo, index, length);
        answer = blocks.dispatch(registers, limit, jumpMode(c));
      }
    } catch (e) {
      if (!(e instanceof GuestFaultSignal)) throw e;
      return faultAnswer(scratch[SCRATCH_DISPATCHED]! + scratch[SCRATCH_FAULT_COUNT]!);
    }
    if (answer >= 0) return answer;
    const before = scratch[SCRATCH_DISPATCHED]!;
    if (answer !== STALE) {
      // a handler's jump or exit in a chained block: the blocks before it retired too
      if (before === 0) return answer;
      const count = blockCount(answer) + before;
      return blockEnd(answer) === BlockEnd.HandlerJump ? jumpAnswer(count) : exitAnswer(count);
    }
    if (before === 0) return STALE; // this block's own words changed
    // a later block's: it is not chained to again; the run loop finds it stale at NIP
    blocks.forget(r[layout.W_NIP]!);
    return before;
  };
}
