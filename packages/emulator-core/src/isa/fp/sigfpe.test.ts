import { describe, it, expect } from '@jest/globals';
import { runOnEmulator } from './__fixtures__/oracle/harness.js';

// The SIGFPE si_code of enabled invalid operations, as qemu-ppc64le 7.2 delivered it
// (measured with the oracle harness, oracle/fp-oracle.c): linux-user reports VXZDZ as
// FPE_FLTDIV (3), the other arithmetic kinds as FPE_FLTSUB (8); after mtfsb1 sets VE
// the first VX bit in QEMU's order (VXSOFT VXSNAN VXISI VXIDI VXZDZ VXIMZ ...) decides.
// The run stops at the instruction; FPSCR as QEMU left it.

const F0 = [0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n];
const FDIV = 0xfc011024 | 0; // fdiv f0,f1,f2
const MTFSB1_VE = 0xff00004c | 0; // mtfsb1 24

describe('SIGFPE si_code of enabled invalid operations (QEMU 7.2)', () => {
  it.each([
    ['fdiv 0/0', FDIV, 0x80n, F0, '8:3', '00000000e0200080'],
    ['fdiv inf/inf', FDIV, 0x80n, [0n, 0x7ff0000000000000n, 0x7ff0000000000000n, 0n, 0n, 0n, 0n, 0n], '8:8', '00000000e0400080'],
    ['fdiv SNaN/1', FDIV, 0x80n, [0n, 0x7ff0000000000001n, 0x3ff0000000000000n, 0n, 0n, 0n, 0n, 0n], '8:8', '00000000e1000080'],
    ['mtfsb1 VE over VXZDZ|VXIMZ', MTFSB1_VE, 0x20300000n, F0, '8:3', '0000000060300080'],
    ['mtfsb1 VE over VXSNAN|VXZDZ', MTFSB1_VE, 0x21200000n, F0, '8:8', '0000000061200080'],
    ['mtfsb1 VE over VXISI|VXIDI', MTFSB1_VE, 0x20c00000n, F0, '8:8', '0000000060c00080'],
  ] as const)('%s', (_name, w, fpscr, f, sig, after) => {
    const r = runOnEmulator({ w, fpscr, f: [...f] });
    expect([r.sig, r.fpscr]).toEqual([sig, after]);
  });
});
