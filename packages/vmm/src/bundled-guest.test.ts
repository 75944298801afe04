import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine, type MachineOptions } from './machine.js';
import type { ConsoleIo } from './papr/console.js';
import type { HypervisorModel } from '@hvstep/hypervisor';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIRMWARE = path.join(ROOT, 'guests/system/firmware.elf');
const KERNEL = path.join(ROOT, 'guests/system/kernel.elf');

class BufferConsole implements ConsoleIo {
  out = '';
  write(bytes: Uint8Array): void { this.out += new TextDecoder().decode(bytes); }
  read(): Uint8Array { return new Uint8Array(0); }
}

async function bootBundled(smp: number, accel: HypervisorModel, extra: Partial<MachineOptions> = {}) {
  const console = new BufferConsole();
  const lines: string[] = [];
  const m = new Machine({
    smp, accel, memoryBytes: 256 << 20, console, firmware: FIRMWARE, kernel: KERNEL, timeoutMs: 90_000,
    report: (l) => lines.push(l), ...extra,
  });
  try {
    return { status: await m.run(), out: console.out, lines };
  } finally {
    await m.destroy();
  }
}

describe('the bundled guest (guests/system)', () => {
  it('its committed images are what its sources build to', () => {
    execFileSync('bash', [path.join(ROOT, 'guests/system/build.sh'), '--check'], { stdio: 'pipe' });
  });

  // the translator (--engine jit) on the hv model; the interpreter on both models
  for (const [accel, engine] of [['hv', 'interp'], ['pr', 'interp'], ['hv', 'jit']] as const) {
    for (const smp of [1, 2, 4]) {
      it(`boots to power-off on ${smp} vCPU(s) under the ${accel} model with exact counters${engine === 'jit' ? ' (translator)' : ''}`, async () => {
        const { status, out } = await bootBundled(smp, accel, { engine });
        expect(out).toContain('hvstep firmware (big-endian)');
        expect(out).toContain('hvstep kernel (little-endian)');
        expect(out).toContain(`kernel: ${smp} cpus, 256 MiB`);
        expect(out).toContain('kernel: MMU on (radix), AIL=3');
        for (let cpu = 1; cpu < smp; cpu++) expect(out).toContain(`kernel: cpu ${cpu} (hw ${cpu}) online`);
        const idSum = (smp * (smp - 1) / 2) * 100000;
        expect(out).toContain(`counters ok: ${smp * 100000} (id sum ${idSum})`);
        // the in-guest debugger stepped the user process instruction by instruction
        expect(out).toMatch(/user process exited with 0 after (\d+) instructions[\s\S]*debugger: stepped \1 user instructions/);
        expect(out).toContain('debugger ok');
        expect(out).toContain('kernel: all done');
        expect(status).toBe(0);
      });
    }
  }

  it('the 64-bit counter raced with ldarx/stdcx. on 4 vCPUs is exact (bootargs atomic64)', async () => {
    const { status, out } = await bootBundled(4, 'hv', { bootargs: 'atomic64' });
    expect(out).toContain('counters ok');
    expect(status).toBe(0);
  });

  it('RTAS system-reboot ends the VM with status 0 and says so', async () => {
    const { status, out, lines } = await bootBundled(1, 'hv', { bootargs: 'reboot' });
    expect(status).toBe(0);
    expect(out).toContain('kernel: all done');
    expect(lines.join('\n')).toMatch(/asked for a reboot/);
  });

  it('a program check in the kernel is contained: reported on the console, the VM powers off with status 3', async () => {
    const { status, out } = await bootBundled(2, 'hv', { bootargs: 'fault=program' });
    expect(status).toBe(3);
    expect(out.length).toBeGreaterThan(0);
  });
});
