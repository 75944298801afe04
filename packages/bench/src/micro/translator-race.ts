import { run, translateBlock, instructionInBlock, instructionTemplate, decoder, translationHelpers as helpers, straightBlockModule, accessImports, W_NIP, W_CR, W_CTR, W_GPR, type TranslatedBlock } from '@hvstep/emulator-core';
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

// ---- a minimal WebAssembly emitter: just what the block needs ----

const uleb = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; } out.push(b | 0x80); }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s)];

const I32 = 0x7f, I64 = 0x7e;
const op = {
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41, i64Const: 0x42,
  i32Load: 0x28, i64Load: 0x29, i32Store: 0x36, i64Store: 0x37,
  i64Add: 0x7c, i64Sub: 0x7d, i64Xor: 0x85, i64LtS: 0x53, i64GtS: 0x55, i64Ne: 0x52, i64Eqz: 0x50,
  i32And: 0x71, i32Or: 0x72, i32Shl: 0x74, i32ShrU: 0x76, i32Add: 0x6a, i32LtU: 0x49, i32Eqz: 0x45,
  select: 0x1b, loop: 0x03, br_if: 0x0d, end: 0x0b, block: 0x02, i64ExtendI32U: 0xad, i32WrapI64: 0xa7,
};

/**
 * The loop block in WebAssembly: `run(iterations)` runs at most `iterations` passes
 * (1 when entered per block) and returns how many it ran. Register file offsets are
 * those of state/layout.ts (GPR n at byte 8n, CR and CTR at their words).
 */
function loopModule(): Uint8Array {
  const L = { r3: 1, r4: 2, r5: 3, ctr: 4, cr: 5, n: 6, c: 7 };
  const g = (n: number): number => (W_GPR + 2 * n) * 4;
  const mem = (o: number): number[] => [...uleb(3), ...uleb(o)];
  const memI32 = (o: number): number[] => [...uleb(2), ...uleb(o)];
  const body = [
    // locals: r3 r4 r5 ctr (i64), cr n c (i32)
    ...vec([[...uleb(4), I64], [...uleb(3), I32]]),
    op.i32Const, 0, op.i64Load, ...mem(g(3)), op.localSet, L.r3,
    op.i32Const, 0, op.i64Load, ...mem(g(4)), op.localSet, L.r4,
    op.i32Const, 0, op.i64Load, ...mem(g(5)), op.localSet, L.r5,
    op.i32Const, 0, op.i64Load, ...mem(W_CTR * 4), op.localSet, L.ctr,
    op.i32Const, 0, op.i32Load, ...memI32(W_CR * 4), op.localSet, L.cr,
    op.loop, 0x40,
    // addi 3,3,1
    op.localGet, L.r3, op.i64Const, ...sleb(1), op.i64Add, op.localSet, L.r3,
    // add 4,3,3
    op.localGet, L.r3, op.localGet, L.r3, op.i64Add, op.localSet, L.r4,
    // xor 5,4,3
    op.localGet, L.r4, op.localGet, L.r3, op.i64Xor, op.localSet, L.r5,
    // cmpd 5,4: c = lt ? 8 : gt ? 4 : 2 (SO is 0 in this loop), CR0 = c
    op.i32Const, ...sleb(8), op.i32Const, ...sleb(4), op.i32Const, ...sleb(2),
    op.localGet, L.r5, op.localGet, L.r4, op.i64GtS, op.select,
    op.localGet, L.r5, op.localGet, L.r4, op.i64LtS, op.select, op.localSet, L.c,
    op.localGet, L.cr, op.i32Const, ...sleb(0x0fffffff), op.i32And, op.localGet, L.c, op.i32Const, 28, op.i32Shl, op.i32Or, op.localSet, L.cr,
    // bdnz: ctr -= 1; taken while ctr != 0 (and this entry's iterations remain)
    op.localGet, L.ctr, op.i64Const, ...sleb(1), op.i64Sub, op.localSet, L.ctr,
    op.localGet, L.n, op.i32Const, 1, op.i32Add, op.localSet, L.n,
    op.localGet, L.ctr, op.i64Const, 0, op.i64Ne, op.localGet, L.n, op.localGet, 0, op.i32LtU, op.i32And, op.br_if, 0,
    op.end,
    op.i32Const, 0, op.localGet, L.r3, op.i64Store, ...mem(g(3)),
    op.i32Const, 0, op.localGet, L.r4, op.i64Store, ...mem(g(4)),
    op.i32Const, 0, op.localGet, L.r5, op.i64Store, ...mem(g(5)),
    op.i32Const, 0, op.localGet, L.ctr, op.i64Store, ...mem(W_CTR * 4),
    op.i32Const, 0, op.localGet, L.cr, op.i32Store, ...memI32(W_CR * 4),
    op.localGet, L.n,
    op.end,
  ];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32]]), ...vec([[I32]])]])),                         // type: (i32) -> i32
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, 1, 1]])),           // import shared memory, 1 page
    ...section(3, vec([[0]])),                                                               // function 0: type 0
    ...section(7, vec([[...name('run'), 0x00, 0]])),                                         // export run
    ...section(10, vec([[...uleb(body.length), ...body]])),                                  // code
  ];
  return new Uint8Array(bytes);
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
