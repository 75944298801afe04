import { describe, expect, it } from '@jest/globals';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { ModuleBuilder, ValType, signedLeb, unsignedLeb } from './encoder.js';
import { TemplateCompiler, ACCESS_NAMES, type CompileContext } from './template-compiler.js';
import { TemplateCompileError } from './values.js';
import { TEMPLATE_CONSTANTS, TEMPLATE_HELPERS } from './straight-block.js';
import { xorshift32 } from '../../test-support/random-words.js';
import { expandWide, WideMacroError } from '../../gen/wide.js';

/*
 * The template compiler against JavaScript itself: each snippet runs as JavaScript
 * (new Function over an Int32Array, as translated blocks run) and as the WebAssembly the
 * compiler makes of it, on the same random register words, and every register word
 * written must agree. The snippets mix the value kinds of values.ts (int32, uint32,
 * wider integers, booleans) in every operator, where a wrong conversion shows.
 */

const WORDS = 16;

function context(mode64: boolean): CompileContext {
  return {
    constants: TEMPLATE_CONSTANTS, helpers: TEMPLATE_HELPERS, bound: new Map([['le', true]]), mode64,
    registersName: 'r', registersLocal: 0, cpuName: 'cpu', registerWords: 4096,
    access: { index: () => { throw new Error('no storage accesses in these snippets'); } },
  };
}

/** The snippet as WebAssembly over a memory whose first words are the registers. */
function wasmOf(source: string, mode64 = true): (r: Int32Array) => void {
  const builder = new ModuleBuilder();
  for (const name of ACCESS_NAMES) builder.importFunction('env', name, { params: [], results: [] });
  builder.importMemory({ module: 'env', name: 'memory', minimumPages: 1 });
  const { code, locals } = new TemplateCompiler(context(mode64), 1).compile(source);
  builder.addFunction({ type: { params: [ValType.I32], results: [] }, locals, code }, 'run');
  const memory = new WebAssembly.Memory({ initial: 1 });
  const env: Record<string, unknown> = { memory };
  for (const name of ACCESS_NAMES) env[name] = () => undefined;
  const run = new WebAssembly.Instance(new WebAssembly.Module(builder.bytes()), { env }).exports.run as (base: number) => void;
  return (r) => {
    const file = new Int32Array(memory.buffer, 0, r.length);
    file.set(r); run(0); r.set(file);
  };
}

/** The snippet as JavaScript, as a translated block runs it (helpers and constants in scope). */
function javascriptOf(source: string, mode64 = true): (r: Int32Array) => void {
  const names = [...TEMPLATE_CONSTANTS.keys(), ...TEMPLATE_HELPERS.keys()];
  const values = [...TEMPLATE_CONSTANTS.values(), ...TEMPLATE_HELPERS.values()];
  const f = new Function('cpu', 'le', ...names, `return (r) => {${source}};`) as (...a: unknown[]) => (r: Int32Array) => void;
  const cpu = { mode64, get r(): Int32Array { return current; } };
  let current: Int32Array = new Int32Array(0);
  const run = f(cpu, true, ...values);
  return (r) => { current = r; run(r); };
}

/** Words with the edges of every kind often: 0, +-1, the int32 and uint32 limits. */
function word(next: () => number): number {
  const edges = [0, 1, -1, 0x7fffffff, -0x80000000, 2, -2, 0x10000, 31, 32, 63];
  return (next() & 3) === 0 ? edges[next() % edges.length]! : next() | 0;
}

const PRELUDE = `
  const a = r[8], b = r[9], c = r[10];
  const au = a >>> 0, bu = b >>> 0;
  const s = au + bu, d = a - b;`;

const SNIPPETS: readonly string[] = [
  'r[0] = s | 0; r[1] = (s - (s >>> 0)) / 4294967296; r[2] = d | 0; r[3] = (d - (d >>> 0)) / 4294967296;',
  'r[0] = a < bu; r[1] = au < b; r[2] = s >= 4294967296; r[3] = a === bu; r[4] = au !== bu; r[5] = d < 0; r[6] = au <= 5; r[7] = a > -3;',
  'r[0] = a < 0 ? au : b; r[1] = (a < 0 ? au : b) >>> 3; r[2] = c > 0 ? s : d; r[3] = c > 0 ? a : c;',
  'r[0] = -a | 0; r[1] = ~a; r[2] = !a; r[3] = !s; r[4] = a < 0 && b < 0; r[5] = a < 0 || !(b < 0);',
  'let x = a; if (b < 0) x = au; r[0] = x >>> 16; r[1] = x > 0x7fffffff ? 1 : 0; r[2] = x;',
  'r[0] = a << (s - 3); r[1] = a >> b; r[2] = a >>> c; r[3] = (a >>> 0) + 7 > 4294967296 ? 1 : 2;',
  'let sh = c & 63; let h = a, l = b; if (sh >= 32) { const t = h; h = l; l = t; sh -= 32; } if (sh !== 0) { const nh = (h << sh) | (l >>> (32 - sh)); l = (l << sh) | (h >>> (32 - sh)); h = nh; } r[0] = h; r[1] = l;',
  'r[0] = mask32(a & 31, b & 31); r[1] = mask32(3, 7); r[2] = mask32(20, 4);',
  'r[W_XER] = c; setCr0(cpu, a, b); r[0] = r[W_CR]; setOverflow(cpu, a < 0, b < 0); r[1] = r[W_XER];',
  'linkRegister(r, a, b, cpu.mode64); r[0] = r[W_LR]; r[1] = r[W_LR + 1];',
  'label: { if (a < b) break label; r[0] = 1; } r[1] = 2; outer: { inner: { if (c === 0) break outer; break inner; } r[2] = 3; }',
  'let flag; if (a < b) flag = a < 0; else flag = b < 0; r[0] = flag; r[1] = !flag; let w; w = au; r[2] = w >>> 1;',
  'let cnt = 0; r[0] = (cnt - 1) | 0; cnt |= a; cnt ^= b; cnt &= c; r[1] = cnt; let q = au; q += bu; r[2] = q | 0; r[3] = q > 4294967295;',
];

describe('template compiler: WebAssembly computes what the JavaScript computes', () => {
  SNIPPETS.forEach((body, i) => {
    for (const mode64 of [true, false]) {
      it(`snippet ${i} (mode64=${mode64})`, () => {
        const source = PRELUDE + body;
        const js = javascriptOf(source, mode64), wasm = wasmOf(source, mode64);
        const next = xorshift32(0x1234567 + i * 7919 + (mode64 ? 1 : 0));
        for (let run = 0; run < 2000; run++) {
          const start = new Int32Array(WORDS + 4096);
          for (let k = 0; k < start.length; k++) start[k] = k < WORDS ? word(next) : 0;
          for (const k of [TEMPLATE_CONSTANTS.get('W_XER')!, TEMPLATE_CONSTANTS.get('W_CR')!]) start[k] = next() | 0;
          const viaJs = start.slice(), viaWasm = start.slice();
          js(viaJs); wasm(viaWasm);
          const differs = viaJs.findIndex((v, k) => v !== viaWasm[k]);
          if (differs >= 0) expect({ run, inputs: [...start.subarray(8, 11)], word: differs, value: viaWasm[differs] }).toEqual({ run, inputs: [...start.subarray(8, 11)], word: differs, value: viaJs[differs] });
        }
      });
    }
  });
});

/*
 * The 64-bit macros (gen/wide.ts): the Int32-halves code the expander makes for the
 * interpreter and JavaScript blocks against the i64 code the compiler makes of the same
 * text, on random GPRs (register words 16-23) and the edges: carries across the halves,
 * a carry-in, sign and zero extension, a destination that is also a source.
 */
const WIDE_SNIPPETS: readonly string[] = [
  'SET_GPR(0, ADD64(GPR(16), GPR(18))); SET_GPR(2, ADD64(GPR(16), GPR(18), 1)); SET_GPR(4, ADD64(GPR_OR0(0), EXTS(r[20]))); SET_GPR(6, ADD64(GPR_OR0(22), EXTS(r[21] << 16)));',
  'const a = GPR(16);\nconst b = NOT64(GPR(18));\nconst v = ADD64(a, b, 1);\nSET_GPR(0, v); r[2] = HI(v); r[3] = LO(v) >>> 0;\nSET_GPR(4, AND64(a, b)); SET_GPR(6, OR64(a, EXTZ(r[20]))); SET_GPR(8, XOR64(v, EXTS(r[21])));',
  'SET_GPR(16, ADD64(GPR(16), GPR(16))); SET_GPR(18, AND64(GPR(20), NOT64(GPR(18)))); SET_GPR(20, EXTZ(r[22] << 16));',
  'const v = ADD64(GPR(16), GPR(18));\nSET_GPR(0, v);\nr[W_XER] = r[22]; setCr0(cpu, HI(v), LO(v)); r[2] = r[W_CR];\nconst a = GPR(20);\nsetOverflow(cpu, ((HI(a) ^ HI(v)) & (HI(a) ^ HI(v))) < 0, LO(a) < 0); r[3] = r[W_XER];',
];

/** The expansion as JavaScript (its `r[i]!` is TypeScript, as in templates: gen/block.ts strips it too). */
const halves = (body: string): string => expandWide(body).replace(/\]!/g, ']');

describe('64-bit macros: the halves the interpreter runs and the i64 code compute the same', () => {
  WIDE_SNIPPETS.forEach((body, i) => {
    it(`snippet ${i}`, () => {
      const js = javascriptOf(halves(body)), wasm = wasmOf(body);
      const next = xorshift32(0x7654321 + i * 104729);
      for (let run = 0; run < 2000; run++) {
        const start = new Int32Array(WORDS + 4096);
        for (let k = 16; k < 24; k++) start[k] = word(next);
        start[TEMPLATE_CONSTANTS.get('W_CR')!] = next() | 0;
        const viaJs = start.slice(), viaWasm = start.slice();
        js(viaJs); wasm(viaWasm);
        const differs = viaJs.findIndex((v, k) => v !== viaWasm[k]);
        if (differs >= 0) expect({ run, inputs: [...start.subarray(16, 24)], word: differs, value: viaWasm[differs] }).toEqual({ run, inputs: [...start.subarray(16, 24)], word: differs, value: viaJs[differs] });
      }
    });
  });

  it('the expansion reads every source before it writes (RT = RA = RB)', () => {
    const r = new Int32Array(WORDS + 4096);
    r[16] = -1; r[17] = 0; // 0x00000000_ffffffff
    javascriptOf(halves('SET_GPR(16, ADD64(GPR(16), GPR(16)));'))(r);
    expect([r[16], r[17]]).toEqual([-2, 1]); // 0x00000001_fffffffe
  });

  const refused: readonly [string, string][] = [
    ['a 64-bit local used as a number', 'const v = GPR(16); r[0] = v;'],
    ['a number where a 64-bit value is needed', 'const v = ADD64(GPR(16), 5); SET_GPR(0, v);'],
    ['HI of something not 64-bit', 'const a = r[0]; r[1] = HI(a);'],
  ];
  for (const [what, source] of refused) {
    it(`refused by both: ${what}`, () => {
      expect(() => expandWide(source)).toThrow(WideMacroError);
      expect(() => wasmOf(source)).toThrow(TemplateCompileError);
    });
  }
  it('refused by the compiler: an odd or unknown GPR word', () => {
    expect(() => wasmOf('SET_GPR(1, GPR(16));')).toThrow(TemplateCompileError);
    expect(() => wasmOf('const a = r[0]; SET_GPR(a, GPR(16));')).toThrow(TemplateCompileError);
  });
});

describe('template compiler: what is outside the subset is refused at translation time', () => {
  const refused: readonly [string, string][] = [
    ['a division that could leave a fraction', 'const a = r[0]; r[1] = a / 3;'],
    ['var', 'var a = r[0];'],
    ['a loop', 'for (;;) {}'],
    ['an unknown name', 'r[0] = nope;'],
    ['a register index that is not constant', 'const a = r[0]; r[a] = 1;'],
    ['an assignment to a const', 'const a = r[0]; a = 1;'],
    ['a number in &&', 'const a = r[0]; r[1] = a && 1;'],
    ['== (not strict)', 'const a = r[0]; r[1] = a == 1;'],
  ];
  for (const [what, source] of refused) {
    it(what, () => { expect(() => wasmOf(source)).toThrow(TemplateCompileError); });
  }
});

describe('LEB128', () => {
  const decodeSigned = (bytes: number[]): bigint => {
    let result = 0n, shift = 0n, byte = 0;
    let i = 0;
    do { byte = bytes[i++]!; result |= BigInt(byte & 0x7f) << shift; shift += 7n; } while (byte & 0x80);
    if (byte & 0x40) result -= 1n << shift;
    expect(i).toBe(bytes.length);
    return result;
  };
  it('signed: every value round-trips, in the fewest bytes', () => {
    for (const v of [0, 1, -1, 63, 64, -64, -65, 127, 128, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, 2 ** 53 - 1, -(2 ** 53), 4294967296]) {
      const out: number[] = [];
      signedLeb(out, v);
      expect(decodeSigned(out)).toBe(BigInt(v));
      const bits = v >= 0 ? v.toString(2).length + 1 : (-v - 1).toString(2).length + 1;
      expect(out.length).toBe(Math.max(1, Math.ceil(bits / 7)));
    }
  });
  it('unsigned: 0, 127, 128, 2^32 - 1; refuses what is not a u32', () => {
    const enc = (v: number): number[] => { const o: number[] = []; unsignedLeb(o, v); return o; };
    expect(enc(0)).toEqual([0]);
    expect(enc(127)).toEqual([127]);
    expect(enc(128)).toEqual([0x80, 1]);
    expect(enc(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => enc(-1)).toThrow(RangeError);
    expect(() => enc(2 ** 32)).toThrow(RangeError);
  });
});
