import { connect, type Socket } from 'node:net';

/**
 * The smallest GDB remote-protocol client that a step benchmark needs: no-ack mode,
 * one request at a time, the reply payload back. Used on hvstep's stub and on QEMU's
 * (qemu-ppc64le -g) alike, so both pay the same client costs.
 */
export class RspClient {
  private buffer = '';
  private waiting: ((payload: string) => void) | undefined;
  private noAck = false;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => { this.buffer += d.toString('latin1'); this.drain(); });
  }

  static async open(port: number, host = '127.0.0.1', attempts = 100): Promise<RspClient> {
    for (let i = 0; ; i++) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, host, () => resolve(s));
          s.once('error', reject);
        });
        const client = new RspClient(socket);
        if ((await client.request('QStartNoAckMode')) === 'OK') client.noAck = true;
        return client;
      } catch (e) {
        if (i >= attempts) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private drain(): void {
    for (;;) {
      while (this.buffer.startsWith('+')) this.buffer = this.buffer.slice(1);
      const start = this.buffer.indexOf('$');
      const end = this.buffer.indexOf('#', start);
      if (start < 0 || end < 0 || this.buffer.length < end + 3) return;
      const payload = this.buffer.slice(start + 1, end);
      this.buffer = this.buffer.slice(end + 3);
      if (!this.noAck) this.socket.write('+');
      const w = this.waiting;
      this.waiting = undefined;
      w?.(payload);
    }
  }

  request(payload: string): Promise<string> {
    let sum = 0;
    for (let i = 0; i < payload.length; i++) sum = (sum + payload.charCodeAt(i)) & 0xff;
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(`$${payload}#${sum.toString(16).padStart(2, '0')}`);
    });
  }

  close(): void { this.socket.destroy(); }
}
