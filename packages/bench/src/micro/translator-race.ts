import { run, translateBlock, instructionInBlock, instructionTemplate, decoder, translationHelpers as helpers, straightBlockModule, accessImports, wasmEncoder, W_NIP, W_CR, W_CTR, W_GPR, type TranslatedBlock } from '@hvstep/emulator-core';
import { makeMachine, CODE_BASE } from '@hvstep/emulator-core/test-support';

/*
 * The translator's engine choice (issue: a block translator), raced on the same guest
 * loop — `1: addi 3,3,1; add 4,3,3; xor 5,4,3; cmpd 5,4; bdnz 1b`, 5 instructions per
 * iteration — by four engines:
 *
 * - the interpreter (interp/fast-loop.ts), as the base line;
 * - generated JavaScript: the real translator front end (emulator-core gen/block.ts,
 *   the instructions' own templates with their fields as literals) compiled by
 *   `new Function`, entered once per block through a dispatcher that looks the block up
 *   by NIP, as a translator without block chaining runs;
 * - generated WebAssembly, entered the same way: what a Wasm back end would emit for
 *   the block — the GPRs it uses in i64 locals, loaded at entry and stored at exit, CR
 *   and CTR in locals, the register file in a shared WebAssembly.Memory;
 * - the same WebAssembly with the block chained to itself (the loop stays inside the
 *   module), which shows what chaining is worth against the JS-to-Wasm call;
 * - WebAssembly compiled from the templates by the translator's own compiler
 *   (emulator-core jit/wasm: the JavaScript block's text, the register file as Int32
 *   halves in the module's memory), per block and chained to itself: what the back end
 *   gets from the templates as they are written, against the hand-written block above,
 *   which keeps each GPR as one i64.
 *
 * The results decide between a JavaScript and a WebAssembly back end (docs/benchmarks.md).
 */

const LOOP = `
  1: addi 3, 3, 1
    add 4, 3, 3
    xor 5, 4, 3
    cmpd 5, 4
    bdnz 1b`;
const PER_ITERATION = 5;

/** Interpreter: `count` loop iterations. Every engine returns r3, which counts them. */
export function interpreterLoop(): (count: number) => number {
  const { cpu } = makeMachine(LOOP);
  return (count) => {
    cpu.state.nip = BigInt(CODE_BASE);
    cpu.r[W_CTR] = count + 1; cpu.r[W_CTR + 1] = 0; cpu.r[W_GPR + 6] = 0; cpu.r[W_GPR + 7] = 0;
    run(cpu, count * PER_ITERATION);
    return cpu.r[W_GPR + 6]!;
  };
}

/** Generated JavaScript, one dispatcher lookup and call per block. */
export function javascriptBlocks(): (count: number) => number {
  const { cpu, words } = makeMachine(LOOP);
  const block = translateBlock(words.slice(0, PER_ITERATION).map((w) => ({ s: instructionTemplate(decoder.lookup(w)!.mnemonic)!, w })), 0, CODE_BASE, true);
  const blocks = new Map<number, TranslatedBlock>([[CODE_BASE, block]]);
  const r = cpu.r;
  return (count) => {
    r[W_NIP] = CODE_BASE; r[W_NIP + 1] = 0;
    r[W_CTR] = count + 1; r[W_CTR + 1] = 0; r[W_GPR + 6] = 0; r[W_GPR + 7] = 0;
    for (let i = 0; i < count; i++) blocks.get(r[W_NIP]!)!(cpu, r, true);
    return r[W_GPR + 6]!;
  };
}

/** The part of the WebAssembly JS API used here (the project's lib settings have no DOM types). */
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/**
 * Generated JavaScript with the block chained to itself: the same template code, in a
 * loop that re-enters the block while it branches back to its own start.
 */
export function javascriptChained(): (count: number) => number {
  const { cpu, words } = makeMachine(LOOP);
  const code = words.slice(0, PER_ITERATION).map((w, i) => instructionInBlock(instructionTemplate(decoder.lookup(w)!.mnemonic)!, w, 0, CODE_BASE + 4 * i, `i${i}`)).join('\n');
  const source = `const { ${Object.keys(helpers).join(', ')} } = helpers;
return function chained(cpu, r, le, count) {
  let nipHi = 0, nipLo = ${CODE_BASE + 4 * PER_ITERATION}, n = 0;
  do {
    nipHi = 0; nipLo = ${CODE_BASE + 4 * PER_ITERATION};
    block: {
${code}
    }
  } while (++n < count && nipLo === ${CODE_BASE} && nipHi === 0);
  r[${W_NIP}] = nipLo; r[${W_NIP + 1}] = nipHi;
};`;
  const chained = (new Function('helpers', source) as (h: typeof helpers) => (c: unknown, r: Int32Array, le: boolean, n: number) => void)(helpers);
  const r = cpu.r;
  return (count) => {
    r[W_NIP] = CODE_BASE; r[W_NIP + 1] = 0;
    r[W_CTR] = count + 1; r[W_CTR + 1] = 0; r[W_GPR + 6] = 0; r[W_GPR + 7] = 0;
    chained(cpu, r, true, count);
    return r[W_GPR + 6]!;
  };
}

const { ModuleBuilder, ValType, Op, signedLeb, unsignedLeb } = wasmEncoder;

/**
 * The loop block in WebAssembly, written by hand: `run(iterations)` runs at most
 * `iterations` passes (1 when entered per block) and returns how many it ran. Register
 * file offsets are those of state/layout.ts (GPR n at byte 8n, CR and CTR at their words).
 */
function loopModule(): Uint8Array {
  const L = { r3: 1, r4: 2, r5: 3, ctr: 4, cr: 5, n: 6, c: 7 };
  const g = (n: number): number => (W_GPR + 2 * n) * 4;
  const memarg = (align: number, offset: number): number[] => { const o = [align]; unsignedLeb(o, offset); return o; };
  const i32 = (v: number): number[] => { const o: number[] = [Op.i32Const]; signedLeb(o, v); return o; };
  const i64 = (v: number): number[] => { const o: number[] = [Op.i64Const]; signedLeb(o, v); return o; };
  const load64 = (offset: number, local: number): number[] => [...i32(0), Op.i64Load, ...memarg(3, offset), Op.localSet, local];
  const store64 = (offset: number, local: number): number[] => [...i32(0), Op.localGet, local, Op.i64Store, ...memarg(3, offset)];
  const code = [
    ...load64(g(3), L.r3), ...load64(g(4), L.r4), ...load64(g(5), L.r5), ...load64(W_CTR * 4, L.ctr),
    ...i32(0), Op.i32Load, ...memarg(2, W_CR * 4), Op.localSet, L.cr,
    Op.loop, 0x40,
    // addi 3,3,1
    Op.localGet, L.r3, ...i64(1), Op.i64Add, Op.localSet, L.r3,
    // add 4,3,3
    Op.localGet, L.r3, Op.localGet, L.r3, Op.i64Add, Op.localSet, L.r4,
    // xor 5,4,3
    Op.localGet, L.r4, Op.localGet, L.r3, Op.i64Xor, Op.localSet, L.r5,
    // cmpd 5,4: c = lt ? 8 : gt ? 4 : 2 (SO is 0 in this loop), CR0 = c
    ...i32(8), ...i32(4), ...i32(2),
    Op.localGet, L.r5, Op.localGet, L.r4, Op.i64GtS, Op.select,
    Op.localGet, L.r5, Op.localGet, L.r4, Op.i64LtS, Op.select, Op.localSet, L.c,
    Op.localGet, L.cr, ...i32(0x0fffffff), Op.i32And, Op.localGet, L.c, ...i32(28), Op.i32Shl, Op.i32Or, Op.localSet, L.cr,
    // bdnz: ctr -= 1; taken while ctr != 0 (and this entry's iterations remain)
    Op.localGet, L.ctr, ...i64(1), Op.i64Sub, Op.localSet, L.ctr,
    Op.localGet, L.n, ...i32(1), Op.i32Add, Op.localSet, L.n,
    Op.localGet, L.ctr, ...i64(0), Op.i64Ne, Op.localGet, L.n, Op.localGet, 0, Op.i32LtU, Op.i32And, Op.brIf, 0,
    Op.end,
    ...store64(g(3), L.r3), ...store64(g(4), L.r4), ...store64(g(5), L.r5), ...store64(W_CTR * 4, L.ctr),
    ...i32(0), Op.localGet, L.cr, Op.i32Store, ...memarg(2, W_CR * 4),
    Op.localGet, L.n,
  ];
  const builder = new ModuleBuilder();
  builder.importMemory({ module: 'env', name: 'memory', minimumPages: 1, maximumPages: 1, shared: true });
  // locals: r3 r4 r5 ctr (i64), cr n c (i32)
  builder.addFunction({ type: { params: [ValType.I32], results: [ValType.I32] }, locals: [ValType.I64, ValType.I64, ValType.I64, ValType.I64, ValType.I32, ValType.I32, ValType.I32], code }, 'run');
  return builder.bytes();
}

function wasmLoop(perBlock: boolean): (count: number) => number {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(loopModule()), { env: { memory } });
  const runBlock = instance.exports['run'] as (iterations: number) => number;
  const r = new Int32Array(memory.buffer);
  return (count) => {
    r[W_CTR] = count + 1; r[W_CTR + 1] = 0; r[W_NIP] = CODE_BASE; r[W_GPR + 6] = 0; r[W_GPR + 7] = 0;
    if (perBlock) { for (let i = 0; i < count; i++) if (r[W_NIP] === CODE_BASE) runBlock(1); }
    else runBlock(count);
    return r[W_GPR + 6]!;
  };
}

/** The loop block compiled from its templates (jit/wasm/straight-block.ts), per block or chained to itself. */
function compiledWasmLoop(perBlock: boolean): (count: number) => number {
  const { cpu, words } = makeMachine(LOOP);
  const instructions = words.slice(0, PER_ITERATION).map((w) => ({ s: instructionTemplate(decoder.lookup(w)!.mnemonic)!, w }));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const bytes = straightBlockModule(instructions, 0, CODE_BASE, true, true, { pages: 1, shared: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, ...accessImports(cpu) } });
  const runBlock = exports['run'] as (registers: number) => void;
  const loopBlock = exports['loop'] as (registers: number, passes: number) => number;
  const r = new Int32Array(memory.buffer);
  return (count) => {
    r[W_CTR] = count + 1; r[W_CTR + 1] = 0; r[W_NIP] = CODE_BASE; r[W_NIP + 1] = 0; r[W_GPR + 6] = 0; r[W_GPR + 7] = 0;
    if (perBlock) { for (let i = 0; i < count; i++) if (r[W_NIP] === CODE_BASE) runBlock(0); }
    else loopBlock(0, count);
    return r[W_GPR + 6]!;
  };
}

export const wasmBlocks = (): ((count: number) => number) => wasmLoop(true);
export const wasmChained = (): ((count: number) => number) => wasmLoop(false);
export const compiledWasmBlocks = (): ((count: number) => number) => compiledWasmLoop(true);
export const compiledWasmChained = (): ((count: number) => number) => compiledWasmLoop(false);

/** `node packages/bench/dist/micro/translator-race.js [rounds]`: the race alone, best of `rounds`, in MIPS. */
async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const engines: [string, (n: number) => number][] = [
    ['interpreter', interpreterLoop()], ['JavaScript, per block', javascriptBlocks()], ['JavaScript, chained', javascriptChained()],
    ['WebAssembly, per block', wasmBlocks()], ['WebAssembly, chained', wasmChained()],
    ['compiled Wasm, per block', compiledWasmBlocks()], ['compiled Wasm, chained', compiledWasmChained()],
  ];
  const iterations = 2_000_000;
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, loop] of engines) {
      const t0 = performance.now();
      if (loop(iterations) !== iterations) throw new Error(`${name}: wrong result`);
      best.set(name, Math.min(best.get(name) ?? Infinity, performance.now() - t0));
    }
  }
  for (const [name] of engines) console.log(`${name.padEnd(24)} ${(iterations * PER_ITERATION / best.get(name)! / 1000).toFixed(0).padStart(6)} MIPS`);
}
if (import.meta.url === `file://${process.argv[1]}`) await main();
