/**
 * TCP transport: the only file that imports node:net. Listens on 127.0.0.1 by default;
 * serves one client at a time (a second connection is closed at once). Each client
 * gets a fresh Session; when a client disconnects without D/k (even mid-run) the
 * session closes and the target is detached (target.detach('disconnect')), and a new client can
 * attach afterwards.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Session } from './session.js';
import { SocketPoller, type PollStats } from './socket-poll.js';
import type { Target } from './target.js';

export interface GdbTcpServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1234; 0 picks a free port. */
  port?: number;
  log?: (message: string) => void;
  /**
   * How long to poll the socket for the client's next packet after a reply while the
   * guest is stopped (socket-poll.ts), in microseconds. Default 200; 0 never polls.
   */
  pollMicros?: number;
}

/** The poll window unless told otherwise: long enough for 97% of GDB's next packets (socket-poll.ts). */
export const DEFAULT_POLL_MICROS = 200;

export class GdbTcpServer {
  private server: Server | undefined;
  private client: { socket: Socket; session: Session } | undefined;
  private lastClose: Promise<void> = Promise.resolve();

  constructor(private readonly target: Target, private readonly options: GdbTcpServerOptions = {}) {}

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 1234;
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address();
        resolve({ host, port: typeof addr === 'object' && addr ? addr.port : port });
      });
    });
  }

  /** Packets read by polling after a reply, and windows that ran out, over every client so far (socket-poll.ts). */
  readonly pollStats: PollStats = { hits: 0, misses: 0 };

  /** True while a client is connected. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /**
   * Resolves once no client is connected and the last one's session has closed (its
   * target.detach() has returned): what a client that left has done to the target is
   * then complete.
   */
  async whenIdle(): Promise<void> {
    while (this.client) await new Promise<void>((resolve) => this.client?.socket.once('close', () => resolve()) ?? resolve());
    await this.lastClose;
  }

  /**
   * Stops listening and drops the client (detaching the target unless the session is
   * already over). The socket is ended, not destroyed, so a reply already written (a
   * `W` for the guest's end) reaches GDB; a client that does not close its side is
   * cut off after a second.
   */
  async close(): Promise<void> {
    const c = this.client;
    if (c) {
      await c.session.close();
      c.socket.end();
      setTimeout(() => c.socket.destroy(), 1000).unref();
    }
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private log(m: string): void {
    this.options.log?.(m);
  }

  private accept(socket: Socket): void {
    if (this.client) {
      this.log('gdbstub: second client refused');
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const poller = new SocketPoller(socket, this.options.pollMicros ?? DEFAULT_POLL_MICROS, this.pollStats);
    const session: Session = new Session(
      this.target,
      (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      {
        onDetach: () => socket.end(),
        log: this.options.log,
        onAwaitingPacket: () => poller.poll((bytes) => session.receive(bytes), () => session.awaitingPacket),
      },
    );
    const entry = { socket, session };
    this.client = entry;
    socket.on('data', (data: Buffer) => session.receive(new Uint8Array(data.buffer, data.byteOffset, data.length)));
    socket.on('error', (e) => this.log(`gdbstub: socket error ${e.message}`));
    socket.on('close', () => {
      if (this.client === entry) this.client = undefined;
      this.lastClose = session.close();
    });
  }
}
