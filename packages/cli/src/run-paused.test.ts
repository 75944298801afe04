/**
 * `hvstep run -S --gdb` as a user runs it: the guest stays paused through a connection
 * that leaves without a packet (a port probe, a GDB that failed to start), and the GDB
 * that attaches next sees vCPU 0 at the firmware's entry (docs/boot-protocol.md).
 */
import { describe, it, expect } from '@jest/globals';
import * as path from 'node:path';
import { spawn, execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { repoRoot } from '@hvstep/linux-user/testing';

const MAIN = path.join(repoRoot(), 'packages/cli/dist/main.js');
const FIRMWARE = path.join(repoRoot(), 'guests/system/firmware.elf');
const run = promisify(execFile);

describe('hvstep run -S', () => {
  it('a client that connects and leaves without a packet does not start the guest', async () => {
    const p = spawn(process.execPath, [MAIN, 'run', '-S', '--gdb', '127.0.0.1:0', '--timeout', '90'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const exited = new Promise<number | null>((resolve) => p.on('close', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        p.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /listening on 127\.0\.0\.1:(\d+) \(vCPUs paused until GDB continues\)/.exec(stderr);
          if (m) resolve(Number(m[1]));
        });
        void exited.then(() => reject(new Error(`hvstep exited: ${stderr}`)));
      });
      const probe = connect(port, '127.0.0.1');
      await new Promise((r) => probe.once('connect', r));
      probe.destroy();
      await new Promise((r) => probe.once('close', r));
      const { stdout: gdb } = await run('gdb-multiarch', [
        '-batch', '-nx', '-ex', 'set remotetimeout 60', '-ex', `file ${FIRMWARE}`, '-ex', `target remote 127.0.0.1:${port}`,
        '-ex', 'info registers pc msr', '-ex', 'kill',
      ], { timeout: 60_000 });
      expect(gdb).toMatch(/^pc\s+0x1000000\s/m);
      expect(gdb).toMatch(/^msr\s+0x8000000000001000\s/m);
      expect(await exited).toBe(1); // killed from GDB
      expect(stdout).toBe(''); // the firmware never printed its banner
    } finally {
      p.kill('SIGKILL');
    }
  });
});
