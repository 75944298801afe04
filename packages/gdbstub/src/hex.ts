/**
 * Hex helpers shared by the packet parsers and the session. Packets are handled as
 * latin1 strings (one char per byte), so binary payloads (`X`, qXfer replies) survive.
 */

const HEX_RE = /^[0-9a-fA-F]+$/;

/** The two lower-case hex digits of each byte value: a stop reply formats its registers on every step. */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => (b < 16 ? '0' : '') + b.toString(16));

/** Lower-case hex of every byte. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += BYTE_HEX[bytes[i]!]!;
  return s;
}

/** Two lower-case hex digits of n's low byte. */
export function hexByte(n: number): string {
  return BYTE_HEX[n & 0xff]!;
}

/** Bytes from an even-length hex string, or undefined when it is not one. */
export function fromHex(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || (s.length > 0 && !HEX_RE.test(s))) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

/** A non-empty hex number as a bigint (at most 64 bits), or undefined. */
export function parseHexBig(s: string): bigint | undefined {
  if (!HEX_RE.test(s) || s.replace(/^0+/, '').length > 16) return undefined;
  return BigInt('0x' + s);
}

/** A non-empty hex number that fits a safe integer (max 0x7fffffff), or undefined. */
export function parseHexInt(s: string): number | undefined {
  if (!HEX_RE.test(s) || s.replace(/^0+/, '').length > 8) return undefined;
  const n = parseInt(s, 16);
  return n <= 0x7fffffff ? n : undefined;
}

/** latin1 string -> bytes (one byte per char). */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** bytes -> latin1 string (one char per byte). */
export function bytesLatin1(b: Uint8Array): string {
  let s = '';
  // every packet comes through here and most are a few bytes (vCont;s:1, m addr,4): a plain
  // loop, where the spread of a subarray costs a view and an iterator per packet (~5x slower)
  if (b.length <= 64) {
    for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}
