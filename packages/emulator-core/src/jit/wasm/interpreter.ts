import { type Cpu, GuestFaultSignal } from '../../cpu/cpu.js';
import { Exit } from '../../cpu/exit.js';
import { CTL_REQUESTS } from '../../cpu/control.js';
import { Flow } from '../../decode/instruction.js';
import { decoder } from '../../isa/index.js';
import { hotSemantics } from '../../isa/semantics/hot.js';
import { HOT_ROWS } from '../../isa/generated/hot-handlers.js';
import { interpreterTemplate64 } from '../../gen/block.js';
import * as layout from '../../state/layout.js';
import { readFileSync } from 'node:fs';
import { DECODE_CACHE_ENTRIES, DECODE_CACHE_OFFSET, TLB_OFFSET, SCRATCH_WORDS } from '../../memory/arena.js';
import { serviceEvents, EventOutcome } from '../../cpu/events.js';
import { deliverStorageFault } from '../../cpu/interrupts.js';
import { countRetired, TRACE_MODE, POLL_INTERVAL, runFast } from '../../interp/fast-loop.js';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { ModuleBuilder, ValType, Op, BLOCK_EMPTY, signedLeb, unsignedLeb } from './encoder.js';
import { TemplateCompiler, parseStatements, type AccessName, type CompiledStatement } from './template-compiler.js';
import { TemplateCompileError } from './values.js';
import { TEMPLATE_CONSTANTS, TEMPLATE_HELPERS, accessType, accessImports } from './straight-block.js';

/**
 * The interpreter as WebAssembly, for a vCPU in an arena (memory/arena.ts): the run
 * loop of interp/fast-loop.ts runFast — fetch through the current page's translation,
 * a decode cache validated by the word, the inline cases of the instruction templates,
 * every other instruction through its handler — compiled once per thread from the same
 * templates the interpreter and the translators use (gen/block.ts
 * interpreterTemplate64: the fields decoded from the word at run time). Cold code,
 * which the translator leaves to the interpreter, then runs in code V8 compiles once
 * (Liftoff, then TurboFan in the background) instead of warming up runFast, a large
 * JavaScript function V8 optimises and deoptimises several times before it is fast.
 *
 * It runs where runFast's fast path would: little-endian, MSR[SF]=1 (the module is
 * compiled for that mode: `le` and `cpu.mode64` are constants in the templates), no
 * tracing (the callers check), no breakpoint page guard. runFastWasm has runFast's
 * contract: the same exits, the retired-instruction counter exact, NIP on the next
 * instruction or, after a fault, on the faulting one.
 *
 * The function `run(area, budget, requests) -> reason` — `area` the address of the
 * vCPU's area in the arena (its register file, then its TLB and decode cache at fixed
 * offsets), `requests` that of its control words — leaves the instructions it completed
 * in scratch word DONE and NIP in the register file, and answers why it stopped:
 * REASON_BUDGET, REASON_EVENT (a taken branch found a request from another thread or
 * the poll interval over, or a handler jumped: NIP written, the MSR may have changed),
 * REASON_EXIT (a handler asked for an exit, cpu.pendingExit). A storage fault (an
 * accessor on a TLB miss, the fetch translation) leaves through the import as
 * GuestFaultSignal, after NIP and DONE were written for the faulting instruction.
 */

/** Why `run` stopped. */
const REASON_BUDGET = 0, REASON_EVENT = 1, REASON_EXIT = 2;
/** Scratch words (after the register file) the interpreter writes: instructions completed. */
const SCRATCH_DONE = 2;

// params and locals of `run`
const R = 0, BUDGET = 1, REQUESTS = 2, PARAMS = 3, N = 3, PC_LO = 4, PC_HI = 5, PAGE_LO = 6, PAGE_HI = 7, PAGE_BASE = 8, W = 9, OP = 10,
  SLOT = 11, POLL = 12, FALL_LO = 13, FALL_HI = 14, NEXT_LO = 15, NEXT_HI = 16, FLOW = 17, FIRST_CASE_LOCAL = 18;

/** The statements of one template's inline case: the fall-through address in nipHi/nipLo unless it jumps, then NEXT_*. */
const caseStatements = (text: string): readonly CompiledStatement[] => parseStatements(`let nipHi = FALL_HI, nipLo = FALL_LO;
block: {
${text}
}
NEXT_HI = nipHi; NEXT_LO = nipLo;`);

/**
 * The module's bytes (exported function `run`); throws TemplateCompileError when a
 * template is refused. They do not depend on the arena (its addresses are arguments,
 * its memory any shared one), so one module serves every vCPU and every machine.
 */
export function interpreterModule(): Uint8Array {
  const b = new ModuleBuilder();
  b.importMemory({ module: 'env', name: 'memory', minimumPages: 1, maximumPages: 65536, shared: true });
  const indices = new Map<AccessName, number>();
  const accessIndex = (name: AccessName): number => {
    let index = indices.get(name);
    if (index === undefined) { index = b.importFunction('env', name, accessType(name)); indices.set(name, index); }
    return index;
  };
  const i2i = { params: [ValType.I32, ValType.I32], results: [ValType.I32] };
  const runType = { params: [ValType.I32, ValType.I32, ValType.I32], results: [ValType.I32] };
  const fetchPage = b.importFunction('env', 'fetchPage', i2i);
  const decode = b.importFunction('env', 'decode', { params: [ValType.I32], results: [ValType.I32] });
  const handler = b.importFunction('env', 'handler', i2i);

  const c: number[] = [];
  const get = (i: number): void => { c.push(Op.localGet); unsignedLeb(c, i); };
  const set = (i: number): void => { c.push(Op.localSet); unsignedLeb(c, i); };
  const konst = (v: number): void => { c.push(Op.i32Const); signedLeb(c, v | 0); };
  const storeAt = (offset: number, local: number, out = c): void => {
    out.push(Op.localGet); unsignedLeb(out, R); out.push(Op.localGet); unsignedLeb(out, local); out.push(Op.i32Store, 2); unsignedLeb(out, offset);
  };
  /** NIP = the current instruction, DONE = what completed before it: what a fault or a handler needs. */
  const record = (out: number[]): void => {
    storeAt(layout.NIP_BYTE, PC_LO, out); storeAt(layout.NIP_BYTE + 4, PC_HI, out);
    storeAt(layout.REGISTER_FILE_BYTES + 4 * SCRATCH_DONE, N, out);
  };
  const leave = (reason: number): void => { record(c); konst(reason); c.push(Op.return); };

  // the inline cases, each compiled with the word, its address and the fall-through bound to locals
  const cases: { id: number; code: number[] }[] = [];
  const locals: ValType[] = [];
  let nextLocal = FIRST_CASE_LOCAL;
  for (const s of hotSemantics) {
    const id = HOT_ROWS[s.mnemonic]!.hot;
    const compiler = new TemplateCompiler({
      constants: TEMPLATE_CONSTANTS, helpers: TEMPLATE_HELPERS, bound: new Map([['le', true]]), mode64: true,
      registersName: 'r', registersLocal: R, cpuName: 'cpu', registerWords: layout.REGISTER_FILE_BYTES / 4,
      access: { index: accessIndex }, tlb: { address: TLB_OFFSET, base: R },
      beforeAccessCall: record,
      computedRegisterIndices: true,
      locals: new Map([['w', W], ['PC_LO', PC_LO], ['PC_HI', PC_HI], ['FALL_LO', FALL_LO], ['FALL_HI', FALL_HI], ['NEXT_LO', NEXT_LO], ['NEXT_HI', NEXT_HI]]),
    }, nextLocal);
    const compiled = compiler.compileStatements(caseStatements(interpreterTemplate64(s)));
    nextLocal += compiled.locals.length;
    locals.push(...compiled.locals);
    cases.push({ id, code: compiled.code });
  }
  cases.sort((x, y) => x.id - y.id);
  const maxId = cases[cases.length - 1]!.id;
  if (cases.some((k, i) => k.id !== i + 1)) throw new RangeError('interpreter: the hot op ids are not 1..n');

  // the start: NIP from the file, no page yet
  c.push(Op.localGet); unsignedLeb(c, R); c.push(Op.i32Load, 2); unsignedLeb(c, layout.NIP_BYTE); set(PC_LO);
  c.push(Op.localGet); unsignedLeb(c, R); c.push(Op.i32Load, 2); unsignedLeb(c, layout.NIP_BYTE + 4); set(PC_HI);
  konst(1); set(PAGE_LO);
  konst(POLL_INTERVAL); set(POLL);
  c.push(Op.loop, BLOCK_EMPTY);
  // the budget
  get(N); get(BUDGET); c.push(Op.i32GeS, Op.if, BLOCK_EMPTY); leave(REASON_BUDGET); c.push(Op.end);
  // a new page: its translation (may fault: NIP and DONE first)
  get(PC_LO); konst(-4096); c.push(Op.i32And); get(PAGE_LO); c.push(Op.i32Ne); get(PC_HI); get(PAGE_HI); c.push(Op.i32Ne, Op.i32Or, Op.if, BLOCK_EMPTY);
  record(c);
  get(PC_HI); get(PC_LO); c.push(Op.call); unsignedLeb(c, fetchPage); set(PAGE_BASE);
  get(PC_LO); konst(-4096); c.push(Op.i32And); set(PAGE_LO); get(PC_HI); set(PAGE_HI);
  c.push(Op.end);
  // fetch (little-endian words: the host-order word is the instruction) and decode through the cache
  get(PAGE_BASE); get(PC_LO); konst(0xfff); c.push(Op.i32And, Op.i32Add, Op.i32Load, 2, 0); set(W);
  get(PAGE_BASE); get(PC_LO); konst(0xfff); c.push(Op.i32And, Op.i32Add); konst(2); c.push(Op.i32ShrU); konst(DECODE_CACHE_ENTRIES - 1); c.push(Op.i32And);
  konst(3); c.push(Op.i32Shl); get(R); c.push(Op.i32Add); konst(DECODE_CACHE_OFFSET); c.push(Op.i32Add); set(SLOT);
  get(SLOT); c.push(Op.i32Load, 2, 0); get(W); c.push(Op.i32Ne, Op.if, BLOCK_EMPTY);
  get(W); c.push(Op.call); unsignedLeb(c, decode); set(OP);
  get(SLOT); get(W); c.push(Op.i32Store, 2, 0); get(SLOT); get(OP); c.push(Op.i32Store, 2, 4);
  c.push(Op.else); get(SLOT); c.push(Op.i32Load, 2, 4); set(OP); c.push(Op.end);
  // the fall-through address (MSR[SF]=1: the carry goes into the high word)
  get(PC_LO); konst(4); c.push(Op.i32Add); set(FALL_LO);
  get(PC_HI); get(FALL_LO); c.push(Op.i32Eqz, Op.i32Add); set(FALL_HI);
  // block $after { block $default { block $case(max) ... block $case1 { br_table } case1 ... } default }
  c.push(Op.block, BLOCK_EMPTY, Op.block, BLOCK_EMPTY);
  for (let i = 0; i < maxId; i++) c.push(Op.block, BLOCK_EMPTY);
  get(OP); c.push(Op.brTable); unsignedLeb(c, maxId + 1);
  unsignedLeb(c, maxId); // op 0 (illegal): the handler
  for (let id = 1; id <= maxId; id++) unsignedLeb(c, id - 1);
  unsignedLeb(c, maxId); // cold ops: the handler
  for (let id = 1; id <= maxId; id++) {
    c.push(Op.end);
    c.push(...cases[id - 1]!.code);
    c.push(Op.br); unsignedLeb(c, maxId - id + 1); // to $after
  }
  c.push(Op.end);
  // $default: the handler, with NIP on the instruction
  record(c);
  get(OP); get(W); c.push(Op.call); unsignedLeb(c, handler); c.push(Op.localTee); unsignedLeb(c, FLOW);
  konst(Flow.Next); c.push(Op.i32Ne, Op.if, BLOCK_EMPTY);
  get(FLOW); konst(Flow.Jump); c.push(Op.i32Eq, Op.if, BLOCK_EMPTY);
  // a jump: the instruction completed; NIP is the handler's (the MSR may have changed)
  get(N); konst(1); c.push(Op.i32Add); set(N);
  storeAt(layout.REGISTER_FILE_BYTES + 4 * SCRATCH_DONE, N); konst(REASON_EVENT); c.push(Op.return);
  c.push(Op.end);
  konst(REASON_EXIT); c.push(Op.return);
  c.push(Op.end);
  get(FALL_LO); set(NEXT_LO); get(FALL_HI); set(NEXT_HI);
  c.push(Op.end); // $after
  get(N); konst(1); c.push(Op.i32Add); set(N);
  // a taken branch: requests from other threads and the poll interval, as runFast looks at them
  get(NEXT_LO); get(FALL_LO); c.push(Op.i32Ne); get(NEXT_HI); get(FALL_HI); c.push(Op.i32Ne, Op.i32Or, Op.if, BLOCK_EMPTY);
  get(NEXT_LO); set(PC_LO); get(NEXT_HI); set(PC_HI);
  get(REQUESTS); c.push(Op.atomicPrefix, Op.i32AtomicLoad, 2); unsignedLeb(c, 4 * CTL_REQUESTS);
  get(POLL); konst(1); c.push(Op.i32Sub); c.push(Op.localTee); unsignedLeb(c, POLL); konst(0); c.push(Op.i32LeS, Op.i32Or);
  c.push(Op.if, BLOCK_EMPTY); leave(REASON_EVENT); c.push(Op.end);
  c.push(Op.else);
  get(FALL_LO); set(PC_LO); get(FALL_HI); set(PC_HI);
  c.push(Op.end);
  c.push(Op.br, 0, Op.end); // loop
  konst(REASON_BUDGET); // not reached: the loop only leaves by return

  const fixed = Array.from({ length: FIRST_CASE_LOCAL - PARAMS }, () => ValType.I32);
  b.addFunction({ type: runType, locals: [...fixed, ...locals], code: c }, 'run');
  return b.bytes();
}

/** One vCPU's compiled interpreter and the views its wrapper reads. */
interface Interpreter {
  readonly run: (area: number, budget: number, requests: number) => number;
  readonly area: number;
  readonly requests: number;
  readonly scratch: Int32Array;
}

/**
 * The module, compiled once per thread: from the bytes the bundled command carries
 * beside itself (scripts/bundle-cli.mjs writes `interpreter.wasm` next to each bundle,
 * and bundle.test.ts checks they are what interpreterModule makes), or built here from
 * the templates (about 40 ms of JavaScript on a cold start), or null when a template
 * is refused.
 */
let compiled: object | null | undefined;

function interpreterCompiled(): object | null {
  if (compiled === undefined) {
    let bytes: Uint8Array | undefined;
    try { bytes = readFileSync(new URL('./interpreter.wasm', import.meta.url)); } catch { /* not bundled: build it */ }
    if (bytes === undefined) {
      try { bytes = interpreterModule(); } catch (e) { if (!(e instanceof TemplateCompileError)) throw e; }
    }
    compiled = bytes === undefined ? null : new WebAssembly.Module(bytes);
  }
  return compiled;
}

const interpreters = new WeakMap<Cpu, Interpreter | null>();

function interpreterOf(cpu: Cpu): Interpreter | null {
  let it = interpreters.get(cpu);
  if (it === undefined) {
    const p = cpu.arena;
    if (p === undefined) it = null;
    else it = compileInterpreter(cpu, p);
    interpreters.set(cpu, it);
  }
  return it;
}

/** The vCPU's interpreter, or null when the module could not be built (runFast then does the work, exactly but slower). */
function compileInterpreter(cpu: Cpu, p: NonNullable<Cpu['arena']>): Interpreter | null {
  const module = interpreterCompiled();
  if (module === null) return null;
  const imports = {
    env: {
      memory: p.arena.memory, ...accessImports(cpu),
      fetchPage: (hi: number, lo: number): number => cpu.translateFetch(hi, lo) - (lo & 0xfff),
      decode: (w: number): number => decoder.decode(w),
      handler: (op: number, w: number): number => decoder.byFacilities[cpu.facilities]![op]!(cpu, w),
    },
  };
  const instance = new WebAssembly.Instance(module, imports);
  return {
    run: instance.exports.run as Interpreter['run'], area: p.arena.registersAddress(p.vcpu), requests: p.arena.controlsOf(p.vcpu),
    scratch: p.arena.scratch(p.vcpu),
  };
}

if (SCRATCH_DONE >= SCRATCH_WORDS) throw new RangeError('interpreter: scratch word out of range');

/**
 * runFast (interp/fast-loop.ts) through the WebAssembly interpreter where it applies (a
 * vCPU in an arena, little-endian, MSR[SF]=1, no breakpoint page guard), with runFast's
 * contract; runFast itself anywhere else.
 */
export function runFastWasm(cpu: Cpu, budget: number): number {
  const r = cpu.r;
  let done = 0;
  for (;;) {
    const it = cpu.littleEndian && cpu.mode64 && !cpu.guardBreakpointPages ? interpreterOf(cpu) : null;
    if (it === null) { countRetired(r, done); return runFast(cpu, budget - done); }
    let reason: number;
    try {
      reason = it.run(it.area, budget - done, it.requests);
      done += it.scratch[SCRATCH_DONE]!;
    } catch (e) {
      if (!(e instanceof GuestFaultSignal)) throw e;
      // NIP is on the faulting instruction, which did not complete
      done += it.scratch[SCRATCH_DONE]!;
      const kind = cpu.exitDetail;
      if (!cpu.systemMode || kind === Exit.Mmio || kind === Exit.DebugWatchpoint) { countRetired(r, done); return kind; }
      deliverStorageFault(cpu);
      reason = REASON_EVENT;
    }
    if (reason === REASON_BUDGET) { countRetired(r, done); return Exit.Budget; }
    if (reason === REASON_EXIT) {
      // as runFast counts it: an exit that completed its instruction (sc) retired it
      const exit = cpu.pendingExit;
      if (exit === Exit.SystemCall || exit === Exit.Hypercall) done++;
      countRetired(r, done);
      return exit;
    }
    // between instructions: requests from other threads, pending interrupts, MSR changes
    const outcome = serviceEvents(cpu);
    if (outcome === EventOutcome.Stop) { countRetired(r, done); return Exit.StopRequested; }
    if (cpu.traceActive || (cpu.hvBreakpoints.length > 0 && !cpu.guardBreakpointPages)) { countRetired(r, done); return TRACE_MODE; }
    if (done >= budget) { countRetired(r, done); return Exit.Budget; }
  }
}
