import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readElfSymbols } from './elf-symbols.js';
import { KERNEL_ELF, FIRMWARE_ELF } from './testing/debug-driver.js';

describe('ELF symbols against binutils nm', () => {
  it.each([['kernel (little-endian)', KERNEL_ELF], ['firmware (big-endian)', FIRMWARE_ELF]])('%s: every named symbol has nm\'s value', (_name, path) => {
    const ours = readElfSymbols(readFileSync(path));
    // the firmware is small (about 10 symbols), the kernel has hundreds
    const nm = execFileSync('powerpc64le-linux-gnu-nm', [path], { encoding: 'utf8' }).split('\n').filter((l) => /^[0-9a-f]{16} \S /.test(l));
    expect(nm.length).toBeGreaterThan(5);
    for (const line of nm) {
      const [value, , name] = line.split(' ');
      const s = ours.get(name!);
      // nm lists duplicates (local labels of the same name); the first one read is kept
      if (s && s.value !== BigInt(`0x${value}`) && nm.filter((l) => l.endsWith(` ${name}`)).length > 1) continue;
      expect({ name, value: s?.value.toString(16).padStart(16, '0') }).toEqual({ name, value });
    }
  });

  it('ELFv2 local entries: kernel_main\'s local entry is where GDB breaks for local calls', () => {
    const s = readElfSymbols(readFileSync(KERNEL_ELF)).get('kernel_main')!;
    expect(s.localEntry - s.value).toBe(8n);
  });

  it('rejects what is not an ELF64 file', () => {
    expect(() => readElfSymbols(new Uint8Array(100))).toThrow(/not an ELF/);
  });
});
