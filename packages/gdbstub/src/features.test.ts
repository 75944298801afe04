/**
 * qSupported and vCont? are built from the target's capability groups, and a packet
 * for a group the target lacks gets the empty reply ("not supported"), never E01.
 */
import { describe, it, expect } from '@jest/globals';
import { FakeTarget, type Capability } from './testing/fake-target.js';
import { TestClient } from './testing/test-client.js';
import { supportedFeatures, vContSupport } from './features.js';

async function clientWithout(...without: Capability[]): Promise<{ t: FakeTarget; c: TestClient; features: string[] }> {
  const t = new FakeTarget(2, 0x10000, without);
  const c = new TestClient(t);
  const reply = await c.request('qSupported:multiprocess+;swbreak+;hwbreak+');
  return { t, c, features: reply!.split(';') };
}

describe('features from capabilities', () => {
  it('a full target advertises every feature', async () => {
    const { c, features } = await clientWithout();
    expect(features).toEqual([
      'PacketSize=4000', 'QStartNoAckMode+', 'multiprocess+', 'swbreak+', 'hwbreak+',
      'vContSupported+', 'qXfer:features:read+', 'qXfer:threads:read+', 'QNonStop+',
    ]);
    expect(await c.request('vCont?')).toBe('vCont;c;C;s;S;t');
  });

  it('no hardware watchpoints: Z2, Z3, Z4 and their z get the empty reply', async () => {
    const { t, c } = await clientWithout('watchpoints');
    for (const p of ['Z2,3000,8', 'Z3,3000,8', 'Z4,3000,8', 'z2,3000,8']) expect(await c.request(p)).toBe('');
    expect(t.watched.size).toBe(0);
    expect(await c.request('Z1,1000,4')).toBe('OK'); // the other groups still work
  });

  it('no hardware breakpoints: no hwbreak+, and Z1 gets the empty reply', async () => {
    const { c, features } = await clientWithout('hardwareBreakpoints');
    expect(features).not.toContain('hwbreak+');
    expect(features).toContain('swbreak+');
    expect(await c.request('Z1,1000,4')).toBe('');
    expect(await c.request('Z0,1000,4')).toBe('OK');
  });

  it('no software breakpoints: no swbreak+, and Z0 gets the empty reply', async () => {
    const { c, features } = await clientWithout('softwareBreakpoints');
    expect(features).not.toContain('swbreak+');
    expect(await c.request('Z0,1000,4')).toBe('');
  });

  it('no single step: vCont? without s;S, legacy s unsupported, vCont;s refused, no sstep packets', async () => {
    const { t, c } = await clientWithout('singleStep');
    expect(await c.request('vCont?')).toBe('vCont;c;C;t');
    expect(await c.request('s')).toBe('');
    expect(await c.request('vCont;s:p1.1')).toBe('E01');
    expect(await c.request('qqemu.sstepbits')).toBe('');
    expect(await c.request('Qqemu.sstep=1')).toBe('');
    expect(t.resumes).toEqual([]);
  });

  it('single step without the QEMU flags: steps work, the sstep packets are unsupported', async () => {
    const { c } = await clientWithout('stepFlags');
    expect(await c.request('vCont?')).toBe('vCont;c;C;s;S;t');
    expect(await c.request('qqemu.sstep')).toBe('');
    expect(await c.request('vCont;s:p1.1')).toMatch(/^T05thread:p1\.1;/);
  });

  it('no monitor: qRcmd gets the empty reply', async () => {
    const { c } = await clientWithout('monitor');
    expect(await c.request('qRcmd,68656c70')).toBe('');
  });

  it('the builders are pure functions of the target', () => {
    expect(vContSupport(new FakeTarget(1, 16, ['singleStep']))).toBe('vCont;c;C;t');
    expect(supportedFeatures(new FakeTarget(1, 16, ['softwareBreakpoints', 'hardwareBreakpoints']))).not.toContain('swbreak+');
  });
});
