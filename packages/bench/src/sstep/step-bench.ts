import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { GdbTcpServer } from '@hvstep/gdbstub';
import { DebugDriver } from '@hvstep/vmm/testing';
import { REPO_ROOT as REPO_ROOT_VMM } from '../throughput/programs.js';
import { stepLoop } from './step-client.js';

/** One configuration's stepping figures. */
export interface StepResult {
  readonly path: 'target' | 'protocol' | 'gdb';
  readonly method: string;
  readonly smp: number;
  readonly schedulerLocking: 'on' | 'off' | '-';
  readonly steps: number;
  readonly stepsPerSecond: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function summarise(base: Omit<StepResult, 'stepsPerSecond' | 'medianMs' | 'p90Ms'>, latencies: number[], totalMs: number): StepResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { ...base, stepsPerSecond: (latencies.length * 1000) / totalMs, medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) };
}

/**
 * Steps through the target API (what the stub calls, no protocol): one vCPU in the SMP
 * kernel's smp_work, the others stopped (scheduler-locking on) or running (off).
 */
export async function targetSteps(accel: 'hv' | 'pr', smp: number, locking: 'on' | 'off', steps: number): Promise<StepResult> {
  const d = new DebugDriver({ smp, accel, memoryBytes: 128 << 20 });
  try {
    const { vcpu } = await d.runTo(d.local('smp_work'));
    const latencies: number[] = [];
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      const stop = await d.step(vcpu, locking === 'on' ? 'stop' : 'continue');
      if (stop.vcpu !== vcpu || stop.reason !== 'step') throw new Error(`stray stop ${JSON.stringify(stop)}`);
      latencies.push(performance.now() - t);
    }
    const total = performance.now() - start;
    return summarise({ path: 'target', method: accel === 'hv' ? 'emulated (hv)' : 'native (pr)', smp, schedulerLocking: smp === 1 ? '-' : locking, steps }, latencies, total);
  } finally {
    await d.kill();
  }
}

/**
 * Raw `vCont;s` round trips over TCP against hvstep's stub on the bundled guest, from a
 * client thread (step-client.ts), the stub polling for each next packet as it does for GDB.
 */
export async function protocolSteps(accel: 'hv' | 'pr', smp: number, locking: 'on' | 'off', steps: number): Promise<StepResult> {
  const d = new DebugDriver({ smp, accel, memoryBytes: 128 << 20 });
  const { vcpu } = await d.runTo(d.local('smp_work'));
  const server = new GdbTcpServer(d.target, { port: 0 });
  const { port } = await server.listen();
  try {
    const thread = (vcpu + 1).toString(16);
    const packet = locking === 'on' || smp === 1 ? `vCont;s:${thread}` : `vCont;s:${thread};c`;
    const { latencies, totalMs } = await stepLoop(port, packet, steps, ['T05']);
    return summarise({ path: 'protocol', method: accel === 'hv' ? 'emulated (hv)' : 'native (pr)', smp, schedulerLocking: smp === 1 ? '-' : locking, steps }, latencies, totalMs);
  } finally {
    await server.close();
    await d.kill();
  }
}

/** Raw `s` round trips against QEMU's gdbstub (qemu-ppc64le -g) on a user-mode program, from the same client thread. */
export async function qemuProtocolSteps(steps: number, port = 23000 + Math.floor(Math.random() * 1000)): Promise<StepResult> {
  const qemu = spawn('qemu-ppc64le', ['-g', String(port), join(REPO_ROOT_VMM, 'guests/user/workload.elf')], { stdio: 'ignore' });
  try {
    const { latencies, totalMs } = await stepLoop(port, 's', steps, ['T05', 'S05']);
    return summarise({ path: 'protocol', method: 'QEMU TCG (qemu-ppc64le -g)', smp: 1, schedulerLocking: '-', steps }, latencies, totalMs);
  } finally {
    qemu.kill('SIGKILL');
  }
}

/** `stepi N` in one gdb-multiarch batch session; the time of the same session with `stepi 1` is subtracted. */
export async function gdbSteps(kind: 'hv' | 'pr' | 'qemu', steps: number): Promise<StepResult> {
  const once = await gdbSession(kind, 1);
  const many = await gdbSession(kind, steps);
  const per = (many - once) / (steps - 1);
  const method = kind === 'qemu' ? 'QEMU TCG (qemu-ppc64le -g)' : kind === 'hv' ? 'emulated (hv)' : 'native (pr)';
  return { path: 'gdb', method, smp: 1, schedulerLocking: '-', steps, stepsPerSecond: 1000 / per, medianMs: per, p90Ms: Number.NaN };
}

async function gdbSession(kind: 'hv' | 'pr' | 'qemu', steps: number): Promise<number> {
  let port: number, cleanup: () => Promise<void>, file: string;
  if (kind === 'qemu') {
    port = 24000 + Math.floor(Math.random() * 1000);
    file = join(REPO_ROOT_VMM, 'guests/user/workload.elf');
    const qemu = spawn('qemu-ppc64le', ['-g', String(port), file], { stdio: 'ignore' });
    cleanup = async () => { qemu.kill('SIGKILL'); };
  } else {
    const d = new DebugDriver({ accel: kind });
    await d.runTo(d.local('kernel_main'));
    const server = new GdbTcpServer(d.target, { port: 0 });
    port = (await server.listen()).port;
    file = join(REPO_ROOT_VMM, 'guests/system/kernel.elf');
    cleanup = async () => { await server.close(); await d.kill(); };
  }
  try {
    const args = ['-batch', '-nx', '-ex', 'set remotetimeout 60', '-ex', `file ${file}`, '-ex', `target remote 127.0.0.1:${port}`, '-ex', `stepi ${steps}`, '-ex', 'kill'];
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const p = spawn('gdb-multiarch', args, { stdio: 'ignore' });
      p.on('error', reject);
      p.on('close', () => resolve());
    });
    return performance.now() - start;
  } finally {
    await cleanup();
  }
}
