/**
 * A packet-level GDB client over TCP for the end-to-end tests that need what GDB does
 * not let a script control: several packets (or a packet and Ctrl-C) in one TCP
 * write, a connection that leaves without a word. Replies are decoded with the
 * stub's own framing; every wait is bounded.
 */
import { connect, type Socket } from 'node:net';
import { encodePacket, FrameDecoder } from '@hvstep/gdbstub';

export const CTRL_C = 0x03;

export class RawGdbClient {
  private readonly decoder = new FrameDecoder(1 << 20);
  private readonly replies: string[] = [];
  private readonly notifications: string[] = [];
  private waiter: (() => void) | undefined;
  private noAck = false;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      for (const ev of this.decoder.push(new Uint8Array(d.buffer, d.byteOffset, d.length))) {
        if (ev.type === 'notification') this.notifications.push(Buffer.from(ev.payload).toString('latin1'));
        if (ev.type !== 'packet') continue;
        this.replies.push(Buffer.from(ev.payload).toString('latin1'));
        if (!this.noAck) socket.write('+');
      }
      this.waiter?.();
    });
    socket.on('close', () => { this.closed = true; this.waiter?.(); });
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<RawGdbClient> {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('error', reject); });
    return new RawGdbClient(socket);
  }

  /** Writes packets (and Ctrl-C bytes) in one TCP write. */
  write(...parts: (string | number)[]): void {
    const bytes: number[] = [];
    for (const p of parts) {
      if (typeof p === 'number') bytes.push(p);
      else bytes.push(...encodePacket(p));
    }
    this.socket.write(Uint8Array.from(bytes));
  }

  /** The next reply packet, or an error after `ms`. */
  reply(ms = 20_000): Promise<string> {
    return this.next(this.replies, ms);
  }

  /** The next asynchronous notification (`Stop:...`), or an error after `ms`. */
  notification(ms = 20_000): Promise<string> {
    return this.next(this.notifications, ms);
  }

  private async next(queue: string[], ms: number): Promise<string> {
    const deadline = Date.now() + ms;
    while (queue.length === 0) {
      if (this.closed) throw new Error('the stub closed the connection');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
      this.waiter = undefined;
    }
    return queue.shift()!;
  }

  async request(packet: string, ms?: number): Promise<string> {
    this.write(packet);
    return this.reply(ms);
  }

  /** QStartNoAckMode: from its reply on, neither side acks. */
  async startNoAck(): Promise<void> {
    const r = await this.request('QStartNoAckMode');
    if (r !== 'OK') throw new Error(`QStartNoAckMode: ${r}`);
    this.noAck = true;
  }

  close(): void { this.socket.destroy(); }
}
