import { describe, it, expect } from '@jest/globals';
import path from 'node:path';
import { blockCacheOf, blockTableOf, type Engine } from '@hvstep/emulator-core';
import { LinuxProcess } from './process.js';
import { runProcess } from './runner.js';
import { BufferHostIo } from './host-io.js';
import { repoRoot } from './testing/repo.js';

/*
 * The wasm engine (a process in an arena, blocks compiled to WebAssembly and chained in
 * the dispatcher) against the interpreter on the bundled C workload (CRC-32, SHA-256,
 * quicksort: loads, stores, calls through LR and CTR, handler calls in blocks), with
 * blocks compiled on their second entry so that nearly everything runs as WebAssembly.
 * Output, exit status and the exact count of retired instructions must be the same.
 */
describe('the wasm engine on a real program', () => {
  const workload = path.join(repoRoot(), 'guests/user/workload.elf');
  const runOn = (engine: Engine) => {
    const io = new BufferHostIo();
    const p = LinuxProcess.fromFile(workload, { argv: [workload, '2'], io, ...(engine === 'wasm' ? { arena: true } : {}) });
    blockCacheOf(p.cpu).hotThreshold = 2;
    const result = runProcess(p, { engine });
    return { p, io, result };
  };

  it('gives the interpreter\'s output, status and instruction count', () => {
    const interp = runOn('interp');
    const wasm = runOn('wasm');
    expect(wasm.result.exitCode).toBe(0);
    expect(wasm.io.stdout).toBe(interp.io.stdout);
    expect(wasm.io.stdout).toContain('sha256(abc) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(wasm.result.instructions).toBe(interp.result.instructions);
    expect(wasm.p.cpu.state.nip).toBe(interp.p.cpu.state.nip);
    // the blocks ran as WebAssembly: hundreds of them in the vCPU's table
    expect(blockTableOf(wasm.p.cpu).size).toBeGreaterThan(100);
  });

  it('refuses a process that is not in an arena', () => {
    const p = LinuxProcess.fromFile(workload, { argv: [workload], io: new BufferHostIo() });
    expect(() => runProcess(p, { engine: 'wasm' })).toThrow(/needs a vCPU built in an arena/);
  });
});
