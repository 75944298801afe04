/**
 * A WebAssembly module writer: the binary format of the WebAssembly core specification
 * (sections 5.1-5.5), only the parts the translator needs: function types, imported
 * functions and one imported memory, defined functions with locals, exports. Everything
 * here runs at translation time, never per guest instruction.
 */

export const ValType = { I32: 0x7f, I64: 0x7e, F64: 0x7c } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** The block type of a `block`/`if` without a result. */
export const BLOCK_EMPTY = 0x40;

/** The opcodes the translator emits (core specification 5.4). */
export const Op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, brTable: 0x0e, return: 0x0f,
  call: 0x10, callIndirect: 0x11, drop: 0x1a, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22, globalGet: 0x23, globalSet: 0x24,
  i32Load: 0x28, i64Load: 0x29, i32Load8U: 0x2d, i32Load16U: 0x2f, i32Store: 0x36, i64Store: 0x37,
  i32Store8: 0x3a, i32Store16: 0x3b,
  i32Const: 0x41, i64Const: 0x42,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32GtU: 0x4b,
  i32LeS: 0x4c, i32LeU: 0x4d, i32GeS: 0x4e, i32GeU: 0x4f,
  i64Eqz: 0x50, i64Eq: 0x51, i64Ne: 0x52, i64LtS: 0x53, i64LtU: 0x54, i64GtS: 0x55, i64GtU: 0x56,
  i64LeS: 0x57, i64LeU: 0x58, i64GeS: 0x59, i64GeU: 0x5a,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Xor: 0x73,
  i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  i64Add: 0x7c, i64Sub: 0x7d, i64Mul: 0x7e, i64And: 0x83, i64Or: 0x84, i64Xor: 0x85,
  i64Shl: 0x86, i64ShrS: 0x87, i64ShrU: 0x88,
  i32WrapI64: 0xa7, i64ExtendI32S: 0xac, i64ExtendI32U: 0xad,
  /** The threads proposal's prefix; i32.atomic.load follows it as 0x10 (align 2 required). */
  atomicPrefix: 0xfe, i32AtomicLoad: 0x10,
} as const;

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function unsignedLeb(out: number[], value: number): void {
  // most immediates (local indices, offsets, sizes) fit in one byte
  if (value >= 0 && value < 0x80 && (value | 0) === value) { out.push(value); return; }
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`LEB128: ${value} is not a u32`);
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/**
 * Signed LEB128 of an integer with |value| <= 2^53 (an i32 or i64 immediate): plain
 * number arithmetic, exact in that range, so no BigInt is needed.
 */
export function signedLeb(out: number[], value: number): void {
  if ((value | 0) === value) {
    // an i32 (most immediates): arithmetic shifts
    let v = value;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) { out.push(byte); return; }
      out.push(byte | 0x80);
    }
  }
  if (!Number.isSafeInteger(value) && Math.abs(value) !== 2 ** 53) throw new RangeError(`LEB128: ${value} is not a safe integer`);
  let v = value;
  for (;;) {
    const byte = ((v % 128) + 128) % 128; // the low 7 bits, two's complement
    v = (v - byte) / 128; // exact: an arithmetic shift right by 7
    const signBit = (byte & 0x40) !== 0;
    if ((v === 0 && !signBit) || (v === -1 && signBit)) { out.push(byte); return; }
    out.push(byte | 0x80);
  }
}

/** Import and export names as UTF-8, encoded once each (a module names the same few). */
const nameBytes = new Map<string, Uint8Array>();
const utf8 = new TextEncoder();

function name(out: number[], s: string): void {
  let bytes = nameBytes.get(s);
  if (bytes === undefined) { bytes = utf8.encode(s); nameBytes.set(s, bytes); }
  unsignedLeb(out, bytes.length);
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  unsignedLeb(out, body.length);
  for (let i = 0; i < body.length; i++) out.push(body[i]!);
}

function vector<T>(out: number[], items: readonly T[], put: (out: number[], item: T) => void): void {
  unsignedLeb(out, items.length);
  for (const item of items) put(out, item);
}

export interface FunctionType { readonly params: readonly ValType[]; readonly results: readonly ValType[] }

/** A defined function: its type, its locals beyond the parameters, its code (without the final `end`). */
export interface FunctionBody {
  readonly type: FunctionType;
  readonly locals: readonly ValType[];
  readonly code: readonly number[];
}

/** The memory a module imports: its limits in 64 KiB pages, shared or not. */
export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  readonly minimumPages: number;
  readonly maximumPages?: number;
  readonly shared?: boolean;
}

/** A table of function references a module imports (the run loop's table of blocks). */
export interface TableImport {
  readonly module: string;
  readonly name: string;
  readonly minimum: number;
}

/**
 * Builds one module. Imported functions come first in the function index space, so a
 * call's index is known once every import has been declared: declare imports before
 * emitting code that calls defined functions.
 */
export class ModuleBuilder {
  private readonly types: FunctionType[] = [];
  private readonly imports: { module: string; name: string; type: number }[] = [];
  private readonly functions: { type: number; body: FunctionBody }[] = [];
  private readonly exports: { name: string; index: number }[] = [];
  private memory: MemoryImport | undefined;
  private table: TableImport | undefined;

  private typeIndex(t: FunctionType): number {
    const i = this.types.findIndex((u) => u.params.join() === t.params.join() && u.results.join() === t.results.join());
    if (i >= 0) return i;
    this.types.push(t);
    return this.types.length - 1;
  }

  /** Declares an imported function; answers its function index. */
  importFunction(module: string, field: string, type: FunctionType): number {
    if (this.functions.length > 0) throw new Error('wasm: imports must be declared before defined functions');
    this.imports.push({ module, name: field, type: this.typeIndex(type) });
    return this.imports.length - 1;
  }

  importMemory(memory: MemoryImport): void { this.memory = memory; }

  /** Declares the imported table (table index 0) of function references. */
  importTable(table: TableImport): void { this.table = table; }

  /** The type index of `t`, for call_indirect (declared if new). */
  functionTypeIndex(t: FunctionType): number { return this.typeIndex(t); }

  /** Adds a defined function; answers its function index. */
  addFunction(body: FunctionBody, exportName?: string): number {
    this.functions.push({ type: this.typeIndex(body.type), body });
    const index = this.imports.length + this.functions.length - 1;
    if (exportName !== undefined) this.exports.push({ name: exportName, index });
    return index;
  }

  /** The module's bytes. */
  bytes(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const types: number[] = [];
    vector(types, this.types, (o, t) => {
      o.push(0x60);
      vector(o, t.params, (p, v) => p.push(v));
      vector(o, t.results, (p, v) => p.push(v));
    });
    section(out, 1, types);
    const imports: number[] = [];
    const memory = this.memory;
    const table = this.table;
    const entries = this.imports.length + (memory ? 1 : 0) + (table ? 1 : 0);
    unsignedLeb(imports, entries);
    for (const imp of this.imports) { name(imports, imp.module); name(imports, imp.name); imports.push(0x00); unsignedLeb(imports, imp.type); }
    if (memory) {
      name(imports, memory.module); name(imports, memory.name); imports.push(0x02);
      const flags = (memory.maximumPages !== undefined ? 1 : 0) | (memory.shared ? 2 : 0);
      if (memory.shared && memory.maximumPages === undefined) throw new Error('wasm: a shared memory needs a maximum');
      imports.push(flags);
      unsignedLeb(imports, memory.minimumPages);
      if (memory.maximumPages !== undefined) unsignedLeb(imports, memory.maximumPages);
    }
    if (table) {
      // funcref elements, a minimum and no maximum (the table grows as blocks are added)
      name(imports, table.module); name(imports, table.name); imports.push(0x01, 0x70, 0x00);
      unsignedLeb(imports, table.minimum);
    }
    if (entries > 0) section(out, 2, imports);
    const funcs: number[] = [];
    vector(funcs, this.functions, (o, f) => unsignedLeb(o, f.type));
    section(out, 3, funcs);
    const exports: number[] = [];
    vector(exports, this.exports, (o, e) => { name(o, e.name); o.push(0x00); unsignedLeb(o, e.index); });
    section(out, 7, exports);
    // the code section: the functions' code goes straight into the result, copied once
    const heads: number[][] = [];
    let codeBytes = 0;
    for (const f of this.functions) {
      const locals: number[] = [];
      // locals as runs of one type
      const runs: { count: number; type: ValType }[] = [];
      for (const t of f.body.locals) {
        const last = runs[runs.length - 1];
        if (last && last.type === t) last.count++; else runs.push({ count: 1, type: t });
      }
      vector(locals, runs, (b, run) => { unsignedLeb(b, run.count); b.push(run.type); });
      const head: number[] = [];
      unsignedLeb(head, locals.length + f.body.code.length + 1);
      for (const b of locals) head.push(b);
      heads.push(head);
      codeBytes += head.length + f.body.code.length + 1;
    }
    const count: number[] = [];
    unsignedLeb(count, this.functions.length);
    const sectionSize: number[] = [];
    unsignedLeb(sectionSize, count.length + codeBytes);
    const bytes = new Uint8Array(out.length + 1 + sectionSize.length + count.length + codeBytes);
    bytes.set(out, 0);
    let at = out.length;
    bytes[at++] = 10;
    bytes.set(sectionSize, at); at += sectionSize.length;
    bytes.set(count, at); at += count.length;
    this.functions.forEach((f, i) => {
      const head = heads[i]!;
      bytes.set(head, at); at += head.length;
      bytes.set(f.body.code, at); at += f.body.code.length;
      bytes[at++] = Op.end;
    });
    return bytes;
  }
}
