import type { Semantics } from '../../isa/semantics/template.js';
import type { Cpu } from '../../cpu/cpu.js';
import { straightLineSource } from '../../gen/block.js';
import * as helpers from '../../isa/semantics/helpers.js';
import * as layout from '../../state/layout.js';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { ModuleBuilder, ValType, Op, BLOCK_EMPTY, signedLeb, unsignedLeb, type FunctionType } from './encoder.js';
import { TemplateCompiler, registerLocalSlots, transferRegisterLocals, ACCESS_NAMES, ACCESS_RESULT, type AccessName, type CompileContext } from './template-compiler.js';

/**
 * A straight-line block (gen/block.ts translateBlock) as a WebAssembly module, compiled
 * from the very text the JavaScript back end runs: the first step of the WebAssembly
 * back end (issue 14), used to hold the template compiler to the JavaScript blocks
 * instruction by instruction (interp/hot-equivalence.test.ts). The block's function
 * takes the byte address of the register file in the module's memory; storage
 * accesses call the Cpu's own accessors (imports), which translate, check and fault
 * exactly as the interpreter's do.
 */

/** Parameters of each accessor import (all i32): EA halves, then value words, then MSR[LE]. */
const ACCESS_ARITY: Readonly<Record<AccessName, number>> = {
  load8: 2, load16: 3, load32: 3, load64: 3, loadedHi: 0, store8: 3, store16: 4, store32: 4, store64: 5,
};

/** The import type of an accessor. */
export const accessType = (name: AccessName): FunctionType => ({
  params: new Array<ValType>(ACCESS_ARITY[name]).fill(ValType.I32),
  results: ACCESS_RESULT[name] ? [ValType.I32] : [],
});

/** Numeric names a block's code and its helpers use: the register-file layout and the helpers' numbers. */
export const TEMPLATE_CONSTANTS: ReadonlyMap<string, number> = new Map(
  [...Object.entries(layout), ...Object.entries(helpers)].filter((e): e is [string, number] => typeof e[1] === 'number'),
);

/** A helper a template may call; its JavaScript source is what gets inlined. */
type HelperFunction = (...args: never[]) => unknown;

/** The helpers a template may call, to be inlined from their source. */
export const TEMPLATE_HELPERS: ReadonlyMap<string, HelperFunction> = new Map(
  (Object.entries(helpers) as [string, unknown][]).filter((e): e is [string, HelperFunction] => typeof e[1] === 'function'),
);

/** The memory a block module imports: its size in 64 KiB pages, and whether it is shared (as between vCPU threads). */
export interface BlockMemory { readonly pages: number; readonly shared?: boolean }

/**
 * The module's bytes for a straight-line block. It imports env.memory and env.<accessor>
 * and exports two functions over the byte address of the register file:
 * - `run(registers)`: the block once;
 * - `loop(registers, passes)`: the block again while it branched back to its own first
 *   instruction and fewer than `passes` passes ran (passes >= 1); answers the passes run.
 *   This is a block chained to itself inside the module, as the engine's self-looping
 *   blocks are in JavaScript (block-source.ts), measured by the translator race; the
 *   64-bit registers it names stay in i64 locals across the passes (as
 *   jit/register-locals.ts keeps them in JavaScript locals), written back at the end and
 *   before any storage access.
 */
export function straightBlockModule(instructions: readonly { s: Semantics; w: number }[], ciaHi: number, ciaLo: number, mode64: boolean, le: boolean, memory: BlockMemory): Uint8Array {
  const builder = new ModuleBuilder();
  const indices = new Map<AccessName, number>();
  for (const name of ACCESS_NAMES) indices.set(name, builder.importFunction('env', name, accessType(name)));
  builder.importMemory({ module: 'env', name: 'memory', minimumPages: memory.pages, ...(memory.shared ? { maximumPages: memory.pages, shared: true } : {}) });
  const source = straightLineSource(instructions, ciaHi, ciaLo, mode64, true);
  const compiler = (firstLocal: number, registerLocals?: ReadonlyMap<number, number>) => new TemplateCompiler({
    constants: TEMPLATE_CONSTANTS, helpers: TEMPLATE_HELPERS, bound: new Map([['le', le]]), mode64,
    registersName: 'r', registersLocal: 0, cpuName: 'cpu', registerWords: layout.REGISTER_FILE_BYTES / 4,
    access: { index: (name) => indices.get(name)! }, ...(registerLocals ? { registerLocals } : {}),
  } satisfies CompileContext, firstLocal);
  const first = compiler(1);
  const once = first.compile(source);
  builder.addFunction({ type: { params: [ValType.I32], results: [] }, locals: once.locals, code: once.code }, 'run');
  // loop: params registers (0), passes (1); local 2 counts the passes run; the 64-bit
  // registers the block names as such (GPRs, CTR, LR) live in i64 locals 3... across the
  // passes (loaded before, stored after); words used only as words (CR, XER) stay in the
  // file, where one i32 access is cheaper than a half of a local
  const registerLocals = registerLocalSlots(first, 3);
  const looped = compiler(3 + registerLocals.size, registerLocals).compile(source);
  const slotCode = (store: boolean): number[] => { const out: number[] = []; transferRegisterLocals(out, registerLocals, 0, store); return out; };
  const nipWord = (word: number, value: number): number[] => {
    const out: number[] = [Op.localGet, 0, Op.i32Load, 2];
    unsignedLeb(out, word * 4);
    out.push(Op.i32Const);
    signedLeb(out, value | 0);
    out.push(Op.i32Eq);
    return out;
  };
  const code = [
    ...slotCode(false),
    Op.loop, BLOCK_EMPTY, ...looped.code,
    Op.localGet, 2, Op.i32Const, 1, Op.i32Add, Op.localTee, 2, Op.localGet, 1, Op.i32LtU,
    ...nipWord(layout.W_NIP, ciaLo), Op.i32And, ...nipWord(layout.W_NIP + 1, mode64 ? ciaHi : 0), Op.i32And,
    Op.brIf, 0, Op.end,
    ...slotCode(true),
    Op.localGet, 2,
  ];
  builder.addFunction({ type: { params: [ValType.I32, ValType.I32], results: [ValType.I32] }, locals: [ValType.I32, ...[...registerLocals.keys()].map(() => ValType.I64), ...looped.locals], code }, 'loop');
  return builder.bytes();
}

/** The accessors a block imports, bound to one Cpu. */
export function accessImports(cpu: Cpu): Record<AccessName, (...a: number[]) => number | void> {
  return {
    load8: (h, l) => cpu.load8(h!, l!),
    load16: (h, l, le) => cpu.load16(h!, l!, le !== 0),
    load32: (h, l, le) => cpu.load32(h!, l!, le !== 0),
    load64: (h, l, le) => cpu.load64(h!, l!, le !== 0),
    loadedHi: () => cpu.loadedHi,
    store8: (h, l, v) => cpu.store8(h!, l!, v!),
    store16: (h, l, v, le) => cpu.store16(h!, l!, v!, le !== 0),
    store32: (h, l, v, le) => cpu.store32(h!, l!, v!, le !== 0),
    store64: (h, l, hi, lo, le) => cpu.store64(h!, l!, hi!, lo!, le !== 0),
  };
}

/**
 * The block compiled and instantiated over its own memory for one Cpu, run by copying
 * the register file in and out (out also when an access faults, as the JavaScript
 * block leaves its completed writes in place). For tests of the compiler; the engine
 * will keep the register file in the guest's shared memory instead.
 */
export function wasmStraightBlock(cpu: Cpu, instructions: readonly { s: Semantics; w: number }[], ciaHi: number, ciaLo: number, mode64: boolean, le: boolean): () => void {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const bytes = straightBlockModule(instructions, ciaHi, ciaLo, mode64, le, { pages: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, ...accessImports(cpu) } });
  const run = instance.exports.run as (registers: number) => void;
  return () => {
    new Int32Array(memory.buffer, 0, cpu.r.length).set(cpu.r);
    try { run(0); } finally { cpu.r.set(new Int32Array(memory.buffer, 0, cpu.r.length)); }
  };
}
