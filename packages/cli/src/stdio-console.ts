import type { ConsoleIo } from '@hvstep/vmm';
import { NodeHostIo } from '@hvstep/linux-user';

/** The host streams as hvstep user writes them (partial writes and EAGAIN handled). */
const stdout = new NodeHostIo();

/** QEMU's escape character on a multiplexed stdio console: Ctrl-A. */
const ESCAPE = 0x01;
const QUIT = 'x'.charCodeAt(0);

/**
 * The guest console on this process's stdio, as QEMU's `-nographic` serves it: the
 * guest's output goes to stdout; stdin is the guest's input, in raw mode when it is
 * a terminal (so Ctrl-C and the line editing keys reach the guest's shell), and
 * Ctrl-A is the escape: Ctrl-A x quits, Ctrl-A Ctrl-A sends one Ctrl-A, any other
 * key after Ctrl-A is dropped.
 */
export class StdioConsole implements ConsoleIo {
  private pending: number[] = [];
  private listening = false;
  private raw = false;
  private readonly escape: ConsoleEscape;

  /** `onQuit` is called on Ctrl-A x. */
  constructor(onQuit: () => void) {
    this.escape = new ConsoleEscape((byte) => this.pending.push(byte), onQuit);
  }

  /**
   * The whole of `bytes` to stdout, waiting while a full pipe answers EAGAIN (stdout may
   * be non-blocking: a parent reading through a pipe); a closed stdout drops the output,
   * the guest runs on.
   */
  write(bytes: Uint8Array): void { stdout.write(1, bytes); }

  read(max: number): Uint8Array {
    this.listen();
    return new Uint8Array(this.pending.splice(0, max));
  }

  /** Starts taking input (the escape works before the guest first reads). */
  listen(): void {
    if (this.listening) return;
    this.listening = true;
    if (process.stdin.isTTY) {
      process.stdin.setRawMode(true);
      this.raw = true;
    }
    process.stdin.on('data', (chunk: Buffer) => { for (const byte of chunk) this.escape.input(byte); });
    process.stdin.on('error', () => undefined);
    process.stdin.unref?.();
  }

  close(): void {
    if (!this.listening) return;
    if (this.raw) process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}

/** The Ctrl-A escape of the input stream: passes bytes to `deliver`, calls `quit` on Ctrl-A x. */
export class ConsoleEscape {
  private escaped = false;

  constructor(private readonly deliver: (byte: number) => void, private readonly quit: () => void) {}

  input(byte: number): void {
    if (this.escaped) {
      this.escaped = false;
      if (byte === QUIT) this.quit();
      else if (byte === ESCAPE) this.deliver(ESCAPE);
      return;
    }
    if (byte === ESCAPE) this.escaped = true;
    else this.deliver(byte);
  }
}
