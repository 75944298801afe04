/**
 * A flattened device tree (DTB, version 17) writer: the format firmware hands to an
 * operating system (Devicetree Specification v0.4, chapter 5). Big-endian
 * throughout. Nodes are written in order: beginNode ... property ... endNode.
 */
const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_END = 9;
const HEADER_BYTES = 40;

export type PropertyValue = string | string[] | number | number[] | bigint | Uint8Array | null;

export class FdtWriter {
  private struct: number[] = [];
  private readonly strings: number[] = [];
  private readonly stringOffsets = new Map<string, number>();
  private depth = 0;

  beginNode(name: string): this {
    this.word(FDT_BEGIN_NODE);
    this.bytes(new TextEncoder().encode(`${name}\0`));
    this.align();
    this.depth++;
    return this;
  }

  endNode(): this {
    if (this.depth === 0) throw new Error('fdt: endNode without beginNode');
    this.word(FDT_END_NODE);
    this.depth--;
    return this;
  }

  /** A property: strings are NUL-terminated, numbers are be32 cells, bigints be64, null is empty. */
  property(name: string, value: PropertyValue): this {
    const data = encodeValue(value);
    this.word(FDT_PROP);
    this.word(data.length);
    this.word(this.stringOffset(name));
    this.bytes(data);
    this.align();
    return this;
  }

  /**
   * The finished blob; `bootCpu` is the boot CPU's physical id (boot_cpuid_phys),
   * `reserved` the memory reservation block's entries (/memreserve/ in dts).
   */
  finish(bootCpu = 0, reserved: readonly { address: number; size: number }[] = []): Uint8Array {
    if (this.depth !== 0) throw new Error(`fdt: ${this.depth} node(s) left open`);
    const struct = [...this.struct];
    struct.push(...be32(FDT_END));
    // {be64 address, be64 size} pairs, then a terminating {0, 0} entry
    const reserveMap = new Uint8Array(16 * (reserved.length + 1));
    const reserveView = new DataView(reserveMap.buffer);
    reserved.forEach((r, i) => {
      reserveView.setBigUint64(16 * i, BigInt(r.address), false);
      reserveView.setBigUint64(16 * i + 8, BigInt(r.size), false);
    });
    const offReserve = HEADER_BYTES;
    const offStruct = offReserve + reserveMap.length;
    const offStrings = offStruct + struct.length;
    const total = offStrings + this.strings.length;
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    const header = [FDT_MAGIC, total, offStruct, offStrings, offReserve, 17, 16, bootCpu, this.strings.length, struct.length];
    header.forEach((v, i) => view.setUint32(4 * i, v, false));
    out.set(reserveMap, offReserve);
    out.set(struct, offStruct);
    out.set(this.strings, offStrings);
    return out;
  }

  private stringOffset(name: string): number {
    let off = this.stringOffsets.get(name);
    if (off === undefined) {
      off = this.strings.length;
      this.strings.push(...new TextEncoder().encode(`${name}\0`));
      this.stringOffsets.set(name, off);
    }
    return off;
  }

  private word(v: number): void { this.struct.push(...be32(v)); }
  private bytes(b: Uint8Array): void { for (const x of b) this.struct.push(x); }
  private align(): void { while (this.struct.length % 4 !== 0) this.struct.push(0); }
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

function encodeValue(value: PropertyValue): Uint8Array {
  if (value === null) return new Uint8Array(0);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(`${value}\0`);
  if (typeof value === 'bigint') {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value), false);
    return out;
  }
  if (typeof value === 'number') return new Uint8Array(be32(value >>> 0));
  if (value.length > 0 && typeof value[0] === 'string') return new TextEncoder().encode((value as string[]).map((s) => `${s}\0`).join(''));
  return new Uint8Array((value as number[]).flatMap((v) => be32(v >>> 0)));
}
