import { describe, it, expect, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GdbTcpServer } from '@hvstep/gdbstub';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { Machine } from './machine.js';
import { MachineDebugTarget } from './debug/debug-target.js';
import type { ConsoleIo } from './papr/console.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const KERNEL = path.join(ROOT, 'guests/system/kernel.elf');

class BufferConsole implements ConsoleIo {
  out = '';
  write(bytes: Uint8Array): void { this.out += new TextDecoder().decode(bytes); }
  read(): Uint8Array { return new Uint8Array(0); }
}

function gdb(port: number, commands: string[]): Promise<string> {
  // GDB gives up on a packet after 2 s by default: a loaded CI machine can be slower than that
  const args = ['-batch', '-nx', '-ex', 'set remotetimeout 60', '-ex', 'set architecture powerpc:common64', '-ex', `file ${KERNEL}`,
    '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve, reject) => {
    const p = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    // never let a stuck session hang the suite: end GDB and fail with its transcript
    const watchdog = setTimeout(() => { out += '\n[watchdog: gdb-multiarch killed after 100 s]'; p.kill('SIGKILL'); }, 100_000);
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', () => { clearTimeout(watchdog); resolve(out); });
  });
}

/** Boots the bundled guest paused behind the stub, runs a gdb-multiarch batch script against it. */
async function session(accel: HypervisorModel, smp: number, commands: string[]) {
  const console = new BufferConsole();
  const machine = new Machine({
    smp, accel, memoryBytes: 256 << 20, console, timeoutMs: 90_000,
    firmware: path.join(ROOT, 'guests/system/firmware.elf'), kernel: KERNEL,
  });
  const server = new GdbTcpServer(new MachineDebugTarget(machine), { port: 0 });
  try {
    const { port } = await server.listen();
    // as hvstep run does: when the guest ends, the stub closes and GDB sees it
    const running = machine.run({ paused: true }).finally(() => server.close());
    const transcript = await gdb(port, commands);
    const status = await running;
    return { transcript, status, console: console.out };
  } finally {
    await server.close();
    await machine.destroy();
  }
}

describe('gdb-multiarch against the bundled guest (hvstep run -S --gdb)', () => {
  jest.setTimeout(150_000);
  it('breaks on a kernel function, shows registers, code and threads, detaches; the guest runs to power-off', async () => {
    const { transcript, status, console } = await session('hv', 2, [
      'break kernel_main', 'continue', 'info registers pc', 'x/2i $pc', 'info threads', 'delete', 'detach',
    ]);
    expect(transcript).toMatch(/hit Breakpoint 1, kernel_main \(\)/);
    expect(transcript).toMatch(/pc\s+0xc000000000[0-9a-f]+\s+0xc000000000[0-9a-f]+ <kernel_main\+8>/);
    expect(transcript).toMatch(/=> 0xc000000000[0-9a-f]+ <kernel_main\+8>:\s+mflr\s+r0/);
    expect(transcript).toMatch(/Thread 1\.2/);
    expect(transcript).toMatch(/detached/);
    expect(console).toContain('kernel: all done');
    expect(console).toContain('debugger ok');
    expect(status).toBe(0);
  });

  // do_syscall runs a fixed number of times (the user process's system calls, twice),
  // unlike the decrementer's handler whose count depends on wall time
  it('a breakpoint hit 10 times in a row on the pr model (GDB steps over it natively each time), then stepi', async () => {
    const commands = ['break do_syscall', 'continue'];
    for (let i = 0; i < 9; i++) commands.push('continue');
    commands.push('stepi', 'info registers pc', 'delete', 'detach');
    const { transcript, status } = await session('pr', 1, commands);
    expect(transcript.match(/Breakpoint 1, do_syscall/g)?.length).toBe(10);
    expect(transcript).toMatch(/pc\s+0xc[0-9a-f]+\s+0xc[0-9a-f]+ <do_syscall\+\d+>/);
    expect(status).toBe(0);
  });
});
