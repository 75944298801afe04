/**
 * A minimal static ELF64 little-endian executable writer for ppc64le (ELFv2,
 * EM_PPC64, e_flags = 2): an ELF header, one program header per segment and the
 * segment contents, each PT_LOAD placed at a file offset congruent to its address
 * modulo the segment alignment. No sections: nothing but a loader reads these files.
 */

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const EM_PPC64 = 21;
export const SEGMENT_ALIGN = 0x10000;

export interface Segment {
  /** Virtual address, a multiple of SEGMENT_ALIGN. */
  vaddr: number;
  data: Uint8Array;
  /** Size in memory (>= data.length; the rest is zero-filled). */
  memSize?: number;
  flags: number;
}

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;

export function writeElf(entry: number, segments: readonly Segment[]): Uint8Array {
  for (const s of segments) {
    if (s.vaddr % SEGMENT_ALIGN !== 0) throw new Error(`segment at 0x${s.vaddr.toString(16)} is not ${SEGMENT_ALIGN}-aligned`);
  }
  const headers = EHDR_SIZE + PHDR_SIZE * segments.length;
  // file offsets: each segment starts on a SEGMENT_ALIGN boundary after the headers
  const offsets: number[] = [];
  let pos = alignUp(headers, SEGMENT_ALIGN);
  for (const s of segments) { offsets.push(pos); pos = alignUp(pos + s.data.length, SEGMENT_ALIGN); }
  const fileSize = segments.length ? offsets[offsets.length - 1]! + segments[segments.length - 1]!.data.length : headers;
  const out = new Uint8Array(fileSize);
  const v = new DataView(out.buffer);
  // e_ident
  out.set([0x7f, 0x45, 0x4c, 0x46, 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0 /* SYSV */], 0);
  v.setUint16(16, 2, true);            // e_type ET_EXEC
  v.setUint16(18, EM_PPC64, true);     // e_machine
  v.setUint32(20, 1, true);            // e_version
  v.setBigUint64(24, BigInt(entry), true);
  v.setBigUint64(32, BigInt(EHDR_SIZE), true); // e_phoff
  v.setBigUint64(40, 0n, true);        // e_shoff
  v.setUint32(48, 2, true);            // e_flags: ELFv2 ABI
  v.setUint16(52, EHDR_SIZE, true);    // e_ehsize
  v.setUint16(54, PHDR_SIZE, true);    // e_phentsize
  v.setUint16(56, segments.length, true);
  v.setUint16(58, 64, true);           // e_shentsize
  v.setUint16(60, 0, true);            // e_shnum
  v.setUint16(62, 0, true);            // e_shstrndx
  segments.forEach((s, i) => {
    const p = EHDR_SIZE + i * PHDR_SIZE;
    v.setUint32(p, 1, true);           // PT_LOAD
    v.setUint32(p + 4, s.flags, true);
    v.setBigUint64(p + 8, BigInt(offsets[i]!), true);
    v.setBigUint64(p + 16, BigInt(s.vaddr), true);
    v.setBigUint64(p + 24, BigInt(s.vaddr), true);
    v.setBigUint64(p + 32, BigInt(s.data.length), true);
    v.setBigUint64(p + 40, BigInt(Math.max(s.memSize ?? 0, s.data.length)), true);
    v.setBigUint64(p + 48, BigInt(SEGMENT_ALIGN), true);
    out.set(s.data, offsets[i]!);
  });
  return out;
}

/** Rewrites e_entry of an image produced by writeElf (in place). */
export function setElfEntry(image: Uint8Array, entry: number): void {
  new DataView(image.buffer, image.byteOffset, image.byteLength).setBigUint64(24, BigInt(entry), true);
}

/** Little-endian bytes of instruction words. */
export function wordsToBytes(words: readonly number[] | Uint32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const v = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) v.setUint32(i * 4, words[i]! >>> 0, true);
  return out;
}

export const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a;
