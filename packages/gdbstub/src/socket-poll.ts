/**
 * Busy-polling the client's socket for its next packet, for a bounded time after a
 * reply, instead of going back to sleep in the event loop at once.
 *
 * Why: a debugger conversation is a strict ping-pong of small packets (about sixteen
 * per GDB `continue` over a breakpoint), and GDB usually sends its next packet within
 * tens of microseconds of our reply. Sleeping in epoll between the two costs a wake-up
 * on both sides: ours when the packet arrives, and GDB's `write` has to wake a sleeping
 * thread on the other core. Measured with gdb-multiarch continuing over a breakpoint
 * 2,000 times (docs/gdbstub.md, "Polling for the next packet"): 1.9-2.0 ms per continue
 * without polling, 1.24-1.33 ms with a 50-400 µs window, GDB's own system time halved;
 * 97% of the packets arrived inside a 200 µs window. QEMU polls the same way for its
 * IOThreads' event loops (`poll-max-ns`), and Linux offers it for sockets (SO_BUSY_POLL).
 *
 * The poll reads the socket's descriptor with non-blocking `read`s (the descriptor of
 * Node's TCP handle, which libuv keeps non-blocking), on the main thread, so it never
 * races the event loop's own reads: whatever it reads is handed to the session before
 * the event loop can read again, in order. End of stream and errors end the poll and are
 * left for the event loop, which sees them at its next read.
 */
import { readSync } from 'node:fs';
import type { Socket } from 'node:net';

/** What the poller tells its owner: packets seen inside the window, and windows that ran out. */
export interface PollStats {
  hits: number;
  misses: number;
}

/** The descriptor behind a connected TCP socket, or -1 where Node does not expose one. */
export function socketDescriptor(socket: Socket): number {
  // Node's TCPWrap carries the POSIX descriptor as `fd` (-1 on Windows); it is not typed
  const handle = (socket as unknown as { _handle?: { fd?: unknown } })._handle;
  return typeof handle?.fd === 'number' ? handle.fd : -1;
}

export class SocketPoller {
  private readonly buffer = Buffer.allocUnsafe(0x10000);

  /**
   * @param windowMicros how long to poll after a reply; 0 disables polling
   * @param stats counts to add this poller's hits and misses to
   */
  constructor(private readonly socket: Socket, private readonly windowMicros: number, private readonly stats: PollStats) {}

  /**
   * Reads what arrives within the window and hands it to `deliver`, for as long as
   * `wanted()` (the session still waits for a packet: an ack alone does not end it).
   */
  poll(deliver: (bytes: Uint8Array) => void, wanted: () => boolean): void {
    if (this.windowMicros <= 0 || this.socket.destroyed) return;
    const fd = socketDescriptor(this.socket);
    if (fd < 0) return;
    const end = performance.now() + this.windowMicros / 1000;
    while (wanted()) {
      if (performance.now() >= end) {
        this.stats.misses++;
        return;
      }
      let n: number;
      try {
        n = readSync(fd, this.buffer, 0, this.buffer.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        return; // a reset: the event loop's next read reports it
      }
      if (n <= 0) return; // end of stream: likewise
      // a copy: the session may keep part of it (a packet split across reads)
      deliver(new Uint8Array(this.buffer.subarray(0, n)));
      if (!wanted()) this.stats.hits++;
    }
  }
}
