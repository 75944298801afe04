import { readFileSync } from 'node:fs';
import { LinuxProcess, runProcess, BufferHostIo } from '@hvstep/linux-user';
import { blockCacheOf } from '@hvstep/emulator-core';
import { blockEntryFor } from '../emulator-core/dist/jit/templates.js';
import { engineBlockModule } from '../emulator-core/dist/jit/wasm/engine-block.js';
const elf = readFileSync('../../guests/user/workload.elf');
const p = new LinuxProcess(elf, { argv: ['workload', '1'], io: new BufferHostIo(), arena: true });
const cache = blockCacheOf(p.cpu);
cache.hotThreshold = 1; cache.coldStretch = 0;
let t0 = performance.now();
runProcess(p);
console.log('run', (performance.now() - t0).toFixed(1), 'ms', 'translated', cache.translatedBlocks);
const words = p.memory.i32;
const blocks = [];
for (const [n, page] of cache.pages) page.forEach((b, key) => { if (b && b.run) blocks.push({ pa: n * 4096 + (key >> 1), le: (key & 2) !== 0, mode64: (key & 1) !== 0, b }); });
console.log('blocks', blocks.length);
const arena = p.cpu.arena.arena;
const instructionWord = (raw, le) => le ? raw : ((raw & 0xff) << 24) | ((raw & 0xff00) << 8) | ((raw >>> 8) & 0xff00) | (raw >>> 24);
const lists = blocks.map(({ pa, le, b }) => {
  const list = [];
  for (let i = 0; i < b.length; i++) { const raw = words[(pa >>> 2) + i]; const w = instructionWord(raw, le); const e = blockEntryFor(w); list.push(e.kind === 'template' ? { s: e.s, w, raw } : { op: e.op, handlerStores: e.stores, w, raw }); }
  return list;
});
const imports = { env: { memory: arena.memory, handler: () => 0 } };
for (const n of ['load8','load16','load32','load64','store8','store16','store32','store64','loadRev16','loadRev32','loadRev64','storeRev16','storeRev32','storeRev64']) imports.env[n] = () => 0;
for (let round = 0; round < 4; round++) {
  let js = 0, mod = 0, inst = 0, refused = 0, bytesTotal = 0;
  const modules = [];
  for (let i = 0; i < blocks.length; i++) {
    const { pa, le, mode64, b } = blocks[i];
    t0 = performance.now();
    let bytes;
    try { bytes = engineBlockModule(lists[i], pa, b.ciaHi, b.ciaLo, mode64, le, arena, arena.tlbAddress(0), arena.controlsOf(0)); } catch { refused++; continue; }
    const t1 = performance.now();
    const m = new WebAssembly.Module(bytes);
    const t2 = performance.now();
    js += t1 - t0; mod += t2 - t1; bytesTotal += bytes.length;
    modules.push(m);
  }
  t0 = performance.now();
  for (const m of modules) { try { new WebAssembly.Instance(m, imports); } catch (e) { if (round === 0 && inst === 0) console.log(String(e).slice(0, 200)); inst = -1; } }
  const ti = performance.now() - t0;
  const n = modules.length;
  console.log(`round ${round}: ${n} blocks, js ${(js / n * 1000).toFixed(0)} us/block, Module ${(mod / n * 1000).toFixed(0)} us/block, Instance ${(ti / n * 1000).toFixed(0)} us/block, bytes ${(bytesTotal / n).toFixed(0)}/block, refused ${refused}; insns/block ${(lists.reduce((a, l) => a + l.length, 0) / lists.length).toFixed(1)}`);
}
