/**
 * Builds small ELF64 files in memory for tests: a few segments of raw bytes or
 * instruction words, in either byte order, with header fields that can be broken
 * on purpose. Not a linker: addresses are given, nothing is relocated.
 */
export interface SegmentSpec {
  vaddr: number;
  /** PF_* bits (default R+X). */
  flags?: number;
  /** Instruction words or raw bytes placed at vaddr. */
  words?: number[];
  bytes?: Uint8Array;
  /** Memory size when larger than the data (bss). */
  memsz?: number;
  type?: number;
}

export interface ElfSpec {
  littleEndian?: boolean;
  /** e_flags ABI version (2 = ELFv2, 1 = ELFv1). */
  abi?: number;
  entry: number;
  segments: SegmentSpec[];
  machine?: number;
  elfClass?: number;
  type?: number;
  interp?: string;
}

/** Returns the ELF image. Segment data is laid out page-aligned after the headers. */
export function buildElf(spec: ElfSpec): Uint8Array {
  const le = spec.littleEndian ?? true;
  const segs = spec.segments.map((s) => {
    let data = s.bytes ?? new Uint8Array(0);
    if (s.words) {
      data = new Uint8Array(s.words.length * 4);
      const v = new DataView(data.buffer);
      s.words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, le));
    }
    return { ...s, data };
  });
  const phnum = segs.length + (spec.interp !== undefined ? 1 : 0);
  const headerEnd = 64 + 56 * phnum;
  let offset = Math.ceil(headerEnd / 4096) * 4096;
  const placed = segs.map((s) => {
    // keep vaddr and offset congruent modulo the page size
    offset += ((s.vaddr % 4096) - (offset % 4096) + 4096) % 4096;
    const at = offset;
    offset += s.data.length;
    return { ...s, offset: at };
  });
  const interpBytes = spec.interp !== undefined ? new TextEncoder().encode(`${spec.interp}\0`) : undefined;
  const interpOffset = offset;
  if (interpBytes) offset += interpBytes.length;
  const out = new Uint8Array(offset);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, spec.elfClass ?? 2, le ? 1 : 2, 1, 0]);
  v.setUint16(16, spec.type ?? 2, le);
  v.setUint16(18, spec.machine ?? 21, le);
  v.setUint32(20, 1, le);
  v.setBigUint64(24, BigInt(spec.entry), le);
  v.setBigUint64(32, 64n, le);
  v.setBigUint64(40, 0n, le);
  v.setUint32(48, spec.abi ?? 2, le);
  v.setUint16(52, 64, le);
  v.setUint16(54, 56, le);
  v.setUint16(56, phnum, le);
  v.setUint16(58, 64, le);
  let ph = 64;
  if (interpBytes) {
    v.setUint32(ph, 3, le);
    v.setUint32(ph + 4, 4, le);
    v.setBigUint64(ph + 8, BigInt(interpOffset), le);
    v.setBigUint64(ph + 32, BigInt(interpBytes.length), le);
    v.setBigUint64(ph + 40, BigInt(interpBytes.length), le);
    out.set(interpBytes, interpOffset);
    ph += 56;
  }
  for (const s of placed) {
    v.setUint32(ph, s.type ?? 1, le);
    v.setUint32(ph + 4, s.flags ?? 5, le);
    v.setBigUint64(ph + 8, BigInt(s.offset), le);
    v.setBigUint64(ph + 16, BigInt(s.vaddr), le);
    v.setBigUint64(ph + 24, BigInt(s.vaddr), le);
    v.setBigUint64(ph + 32, BigInt(s.data.length), le);
    v.setBigUint64(ph + 40, BigInt(Math.max(s.memsz ?? 0, s.data.length)), le);
    v.setBigUint64(ph + 48, 0x10000n, le);
    out.set(s.data, s.offset);
    ph += 56;
  }
  return out;
}

/** A few instruction encodings (Power ISA 3.0B) for hand-made test programs. */
export const asm = {
  /** addi rt, 0, si (li) */
  li: (rt: number, si: number): number => ((14 << 26) | (rt << 21) | (si & 0xffff)) >>> 0,
  /** addis rt, 0, si (lis) */
  lis: (rt: number, si: number): number => ((15 << 26) | (rt << 21) | (si & 0xffff)) >>> 0,
  /** ori ra, rs, ui */
  ori: (ra: number, rs: number, ui: number): number => ((24 << 26) | (rs << 21) | (ra << 16) | (ui & 0xffff)) >>> 0,
  /** or ra, rs, rs (mr) */
  mr: (ra: number, rs: number): number => ((31 << 26) | (rs << 21) | (ra << 16) | (rs << 11) | (444 << 1)) >>> 0,
  /** stw rs, d(ra) */
  stw: (rs: number, d: number, ra: number): number => ((36 << 26) | (rs << 21) | (ra << 16) | (d & 0xffff)) >>> 0,
  /** ld rt, ds(ra) */
  ld: (rt: number, ds: number, ra: number): number => ((58 << 26) | (rt << 21) | (ra << 16) | (ds & 0xfffc)) >>> 0,
  sc: (): number => 0x44000002,
  /** scv 0 (System Call Vectored) */
  scv: (): number => 0x44000001,
  trap: (): number => 0x7fe00008,
  /** b . (branch to self) */
  loop: (): number => 0x48000000,
  nop: (): number => 0x60000000,
};

/** Loads a constant below 0x80000000 into rt (lis + ori). */
export const li32 = (rt: number, v: number): number[] => [asm.lis(rt, (v >>> 16) << 16 >> 16), asm.ori(rt, rt, v & 0xffff)];

/** Instruction words for syscall `nr` with up to three immediate (16-bit) or 32-bit arguments. */
export function syscallWords(nr: number, ...args: number[]): number[] {
  const words: number[] = [asm.li(0, nr)];
  args.forEach((a, i) => words.push(...li32(3 + i, a)));
  words.push(asm.sc());
  return words;
}
