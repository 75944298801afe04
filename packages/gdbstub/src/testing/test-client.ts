/** Test helper: drives a Session like GDB does and decodes its replies. */
import { encodePacket, FrameDecoder } from '../framing.js';
import { Session, type SessionOptions } from '../session.js';
import type { Target } from '../target.js';

export class TestClient {
  readonly session: Session;
  readonly raw: number[] = [];
  readonly replies: string[] = [];
  /** Asynchronous notifications (`%Stop:...`), payloads in arrival order. */
  readonly notifications: string[] = [];
  readonly errors: string[] = [];
  acks = 0;
  naks = 0;
  private readonly decoder = new FrameDecoder(1 << 20);

  constructor(target: Target, options: SessionOptions = {}) {
    this.session = new Session(target, (bytes) => this.onBytes(bytes), options);
  }

  private onBytes(bytes: Uint8Array): void {
    this.raw.push(...bytes);
    for (const ev of this.decoder.push(bytes)) {
      if (ev.type === 'packet') this.replies.push(Buffer.from(ev.payload).toString('latin1'));
      else if (ev.type === 'notification') this.notifications.push(Buffer.from(ev.payload).toString('latin1'));
      else if (ev.type === 'ack') this.acks++;
      else if (ev.type === 'nak') this.naks++;
      else this.errors.push(`stub sent a malformed packet (${ev.type})`);
    }
  }

  sendRaw(s: string | Uint8Array): void {
    this.session.receive(typeof s === 'string' ? Uint8Array.from(Buffer.from(s, 'latin1')) : s);
  }

  /** Waits (up to `ticks` event-loop turns) until `count` replies are buffered; true when they are. */
  async waitReplies(count: number, ticks = 200): Promise<boolean> {
    for (let i = 0; i < ticks && this.replies.length < count; i++) await new Promise((r) => setImmediate(r));
    return this.replies.length >= count;
  }

  /** Waits (up to `ticks` event-loop turns) until `count` notifications arrived; true when they did. */
  async waitNotifications(count: number, ticks = 200): Promise<boolean> {
    for (let i = 0; i < ticks && this.notifications.length < count; i++) await new Promise((r) => setImmediate(r));
    return this.notifications.length >= count;
  }

  /** Sends one packet and resolves with the reply (waits up to `ticks` event-loop turns). */
  async request(payload: string, ticks = 200): Promise<string | undefined> {
    const before = this.replies.length;
    this.sendRaw(encodePacket(payload));
    await this.waitReplies(before + 1, ticks);
    return this.replies.length > before ? this.replies.splice(before, 1)[0] : undefined;
  }
}
