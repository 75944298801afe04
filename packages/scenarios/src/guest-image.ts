import { execFileSync } from 'node:child_process';

/** One disassembled instruction of a bundled image (binutils' view, independent of hvstep and GDB). */
export interface Instruction {
  readonly address: bigint;
  readonly mnemonic: string;
  /** Operands as objdump prints them (`r3,r3,48`), without the `<symbol>` comment. */
  readonly operands: string;
  /** The branch target objdump resolved (direct branches only). */
  readonly target?: bigint;
}

/**
 * Symbols and disassembly of a bundled ELF, taken from binutils
 * (powerpc64le-linux-gnu-nm / -objdump): the scenarios compute the addresses and
 * successors they expect from the image itself, never from a previous run.
 */
export class GuestImage {
  private readonly symbols = new Map<string, bigint>();
  private readonly instructions = new Map<bigint, Instruction>();
  /** ELFv2 local entry offsets (st_other), for functions that set up their TOC pointer. */
  private readonly localEntries = new Map<string, bigint>();

  /** `disassemble: false` reads only the symbols (a Linux vmlinux: its code is checked as fetched, see word-disassembly.ts). */
  constructor(readonly path: string, options: { readonly disassemble?: boolean } = {}) {
    const nm = execFileSync('powerpc64le-linux-gnu-nm', [path], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const line of nm.split('\n')) {
      const m = /^([0-9a-f]+) \w (\S+)$/.exec(line);
      if (m && !this.symbols.has(m[2]!)) this.symbols.set(m[2]!, BigInt(`0x${m[1]}`));
    }
    const syms = execFileSync('powerpc64le-linux-gnu-readelf', ['-sW', path], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const m of syms.matchAll(/\[<localentry>: (\d+)\]\s+\S+\s+(\S+)$/gm)) this.localEntries.set(m[2]!, BigInt(m[1]!));
    this.lazy = options.disassemble === false;
    if (!this.lazy) this.disassemble([]);
  }

  /** Symbols only: ranges are disassembled when a search names them. */
  private readonly lazy: boolean;
  private readonly ranges = new Set<string>();

  private disassemble(range: string[]): void {
    const dis = execFileSync('powerpc64le-linux-gnu-objdump', ['-d', '--no-show-raw-insn', ...range, this.path], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const line of dis.split('\n')) {
      const m = /^\s*([0-9a-f]+):\s+(\S+)\s*([^<]*?)\s*(?:<[^>]*>)?\s*$/.exec(line);
      if (!m) continue;
      const address = BigInt(`0x${m[1]}`);
      const operands = m[3] ?? '';
      const last = operands.split(',').pop() ?? '';
      const target = /^[0-9a-f]{4,}$/.test(last) && m[2]!.startsWith('b') ? BigInt(`0x${last}`) : undefined;
      this.instructions.set(address, { address, mnemonic: m[2]!, operands, target });
    }
  }

  /** With a symbols-only image, disassembles [from, to) once (objdump reads just that range). */
  private ensureRange(from: bigint, to: bigint | undefined): void {
    if (!this.lazy) return;
    if (to === undefined) throw new Error(`${this.path}: a search in a symbols-only image needs an end address`);
    const key = `${from}-${to}`;
    if (this.ranges.has(key)) return;
    this.ranges.add(key);
    this.disassemble([`--start-address=0x${from.toString(16)}`, `--stop-address=0x${to.toString(16)}`]);
  }

  /** The address of a symbol; throws if the image has none (a scenario out of date with the guest). */
  symbol(name: string): bigint {
    const v = this.symbols.get(name);
    if (v === undefined) throw new Error(`${this.path}: no symbol '${name}'`);
    return v;
  }

  /** Where a local call enters `name` (where GDB's `break name` plants before prologue analysis, and where a raw breakpoint must go). */
  localEntry(name: string): bigint { return this.symbol(name) + (this.localEntries.get(name) ?? 0n); }

  has(name: string): boolean { return this.symbols.has(name); }

  instruction(address: bigint): Instruction | undefined { return this.instructions.get(address); }

  /** The direct branch from within [from, to) whose target is `target` (e.g. the `bl` that calls a function). */
  branchTo(from: bigint, to: bigint, target: bigint): Instruction {
    this.ensureRange(from, to);
    for (const i of this.instructions.values()) if (i.address >= from && i.address < to && i.target === target) return i;
    throw new Error(`${this.path}: no branch to 0x${target.toString(16)} in 0x${from.toString(16)}..0x${to.toString(16)}`);
  }

  /** The first instruction at or after `from` (below `to` when given) whose mnemonic matches. */
  find(from: bigint, mnemonic: RegExp, to?: bigint): Instruction {
    this.ensureRange(from, to);
    const hits = [...this.instructions.values()]
      .filter((i) => i.address >= from && (to === undefined || i.address < to) && mnemonic.test(`${i.mnemonic} ${i.operands}`))
      .sort((a, b) => (a.address < b.address ? -1 : 1));
    if (!hits[0]) throw new Error(`${this.path}: no ${mnemonic} after 0x${from.toString(16)}`);
    return hits[0];
  }
}

const cache = new Map<string, GuestImage>();

/** One GuestImage per file and thread (binutils runs once per worker). */
export function guestImage(path: string, options: { readonly disassemble?: boolean } = {}): GuestImage {
  const key = `${options.disassemble === false ? 'symbols' : 'all'}:${path}`;
  let image = cache.get(key);
  if (!image) { image = new GuestImage(path, options); cache.set(key, image); }
  return image;
}
