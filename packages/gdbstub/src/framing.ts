/**
 * GDB remote serial protocol framing: a pure byte-level state machine.
 *
 * Bytes in -> events out. Outside a packet, `+` is an ack, `-` a nak, 0x03 an
 * interrupt (Ctrl-C) and anything else is ignored. A packet is `$data#cc` where cc is
 * the two-digit hex modulo-256 sum of the raw data bytes. Inside data, `}` escapes the
 * next byte (XOR 0x20) and `*` run-length encodes: `X*n` repeats X (n - 29) more times.
 * The decoder never throws; a packet longer than `maxPacket` is reported as `overflow`.
 *
 * Acks are the session's job (it knows about QStartNoAckMode): it sends `+` for each
 * `packet` and `-` for each `bad-checksum` unless no-ack mode is on.
 */

export type FrameEvent =
  | { type: 'packet'; payload: Uint8Array }
  /** `%data#cc`: an asynchronous notification (non-stop `%Stop`); only a stub sends these, and they are never acked. */
  | { type: 'notification'; payload: Uint8Array }
  | { type: 'ack' }
  | { type: 'nak' }
  | { type: 'interrupt' }
  | { type: 'bad-checksum' }
  | { type: 'overflow' };

const DOLLAR = 0x24, PERCENT = 0x25, HASH = 0x23, ESC = 0x7d, STAR = 0x2a, PLUS = 0x2b, MINUS = 0x2d, ETX = 0x03;

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

type State = 'idle' | 'data' | 'escape' | 'rle' | 'cs1' | 'cs2';

export class FrameDecoder {
  private state: State = 'idle';
  private buf: number[] = [];
  private sum = 0;
  private cs = 0;
  private overflowed = false;
  private notification = false;

  constructor(readonly maxPacket = 0x10000) {}

  /** Feeds bytes; returns the events they complete, in order. */
  push(bytes: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      switch (this.state) {
        case 'idle':
          if (b === DOLLAR || b === PERCENT) this.begin(b === PERCENT);
          else if (b === PLUS) events.push({ type: 'ack' });
          else if (b === MINUS) events.push({ type: 'nak' });
          else if (b === ETX) events.push({ type: 'interrupt' });
          break;
        case 'data':
          if (b === HASH) { this.state = 'cs1'; break; }
          if (b === DOLLAR) { this.begin(); break; } // a new packet start abandons a broken one
          this.sum = (this.sum + b) & 0xff;
          if (b === ESC) this.state = 'escape';
          else if (b === STAR) this.state = 'rle';
          else this.add(b);
          break;
        case 'escape':
          this.sum = (this.sum + b) & 0xff;
          this.add(b ^ 0x20);
          this.state = 'data';
          break;
        case 'rle': {
          this.sum = (this.sum + b) & 0xff;
          const n = b - 29;
          const last = this.buf[this.buf.length - 1];
          if (last !== undefined && n > 0) for (let k = 0; k < n; k++) this.add(last);
          this.state = 'data';
          break;
        }
        case 'cs1': {
          const v = hexVal(b);
          this.cs = v < 0 ? -1000 : v << 4;
          this.state = 'cs2';
          break;
        }
        case 'cs2': {
          const v = hexVal(b);
          const ok = v >= 0 && this.cs >= 0 && ((this.cs | v) === this.sum);
          if (this.overflowed) events.push({ type: 'overflow' });
          else if (ok) events.push({ type: this.notification ? 'notification' : 'packet', payload: Uint8Array.from(this.buf) });
          else events.push({ type: 'bad-checksum' });
          this.buf = [];
          this.state = 'idle';
          break;
        }
      }
    }
    return events;
  }

  private begin(notification = false): void {
    this.notification = notification;
    this.state = 'data';
    this.buf = [];
    this.sum = 0;
    this.overflowed = false;
  }

  private add(b: number): void {
    if (this.buf.length >= this.maxPacket) { this.overflowed = true; return; }
    this.buf.push(b);
  }
}

/** Modulo-256 sum of bytes. */
export function checksum(bytes: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < bytes.length; i++) s = (s + bytes[i]!) & 0xff;
  return s;
}

/**
 * Frames a payload as `$data#cc`, escaping `#`, `$`, `}` and `*` as `}` (byte ^ 0x20)
 * so any binary payload survives (GDB decodes escapes in every reply). No RLE is used.
 * One pass to size the frame and one to fill it: every stop reply of a step goes
 * through here, so no intermediate arrays.
 */
export function encodePacket(payload: Uint8Array | string): Uint8Array {
  return frame(payload, DOLLAR);
}

function frame(payload: Uint8Array | string, start: number): Uint8Array {
  const text = typeof payload === 'string';
  const n = payload.length;
  const at = (i: number): number => (text ? (payload as string).charCodeAt(i) & 0xff : (payload as Uint8Array)[i]!);
  let escapes = 0;
  for (let i = 0; i < n; i++) {
    const b = at(i);
    if (b === HASH || b === DOLLAR || b === ESC || b === STAR) escapes++;
  }
  const out = new Uint8Array(n + escapes + 4);
  out[0] = start;
  let o = 1, sum = 0;
  for (let i = 0; i < n; i++) {
    const b = at(i);
    if (b === HASH || b === DOLLAR || b === ESC || b === STAR) {
      out[o++] = ESC;
      out[o++] = b ^ 0x20;
      sum += ESC + (b ^ 0x20);
    } else {
      out[o++] = b;
      sum += b;
    }
  }
  sum &= 0xff;
  out[o++] = HASH;
  out[o++] = HEX_DIGITS.charCodeAt(sum >> 4);
  out[o] = HEX_DIGITS.charCodeAt(sum & 15);
  return out;
}

/** Frames an asynchronous notification, `%name:data#cc` (GDB remote protocol, "Notification Packets"). */
export function encodeNotification(payload: string): Uint8Array {
  return frame(payload, PERCENT);
}

const HEX_DIGITS = '0123456789abcdef';
