import type { Semantics } from '../../isa/semantics/template.js';
import type { Cpu } from '../../cpu/cpu.js';
import { straightLineSource } from '../../gen/block.js';
import * as helpers from '../../isa/semantics/helpers.js';
import * as layout from '../../state/layout.js';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { ModuleBuilder, ValType, type FunctionType } from './encoder.js';
import { TemplateCompiler, ACCESS_NAMES, ACCESS_RESULT, type AccessName, type CompileContext } from './template-compiler.js';

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

const accessType = (name: AccessName): FunctionType => ({
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

/** The module's bytes for a straight-line block: imports env.memory and env.<accessor>, exports `run(registers)`. */
export function straightBlockModule(instructions: readonly { s: Semantics; w: number }[], ciaHi: number, ciaLo: number, mode64: boolean, le: boolean, memoryPages: number): Uint8Array {
  const builder = new ModuleBuilder();
  const indices = new Map<AccessName, number>();
  for (const name of ACCESS_NAMES) indices.set(name, builder.importFunction('env', name, accessType(name)));
  builder.importMemory({ module: 'env', name: 'memory', minimumPages: memoryPages });
  const ctx: CompileContext = {
    constants: TEMPLATE_CONSTANTS, helpers: TEMPLATE_HELPERS, bound: new Map([['le', le]]), mode64,
    registersName: 'r', registersLocal: 0, cpuName: 'cpu', registerWords: layout.REGISTER_FILE_BYTES / 4,
    access: { index: (name) => indices.get(name)! },
  };
  const { code, locals } = new TemplateCompiler(ctx, 1).compile(straightLineSource(instructions, ciaHi, ciaLo, mode64));
  builder.addFunction({ type: { params: [ValType.I32], results: [] }, locals, code }, 'run');
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
  const bytes = straightBlockModule(instructions, ciaHi, ciaLo, mode64, le, 1);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, ...accessImports(cpu) } });
  const run = instance.exports.run as (registers: number) => void;
  return () => {
    new Int32Array(memory.buffer, 0, cpu.r.length).set(cpu.r);
    try { run(0); } finally { cpu.r.set(new Int32Array(memory.buffer, 0, cpu.r.length)); }
  };
}
