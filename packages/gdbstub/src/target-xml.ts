/**
 * The target description served by `qXfer:features:read:target.xml`. Architecture
 * powerpc:common64 makes gdb-multiarch select ppc64 by itself; features
 * org.gnu.gdb.power.core and org.gnu.gdb.power.fpu, with explicit regnum attributes
 * so the remote numbering is exactly the map in regmap.ts.
 */
import { REGISTERS, type RegisterFeature } from './regmap.js';

function feature(name: string, which: RegisterFeature): string {
  const regs = REGISTERS.filter((r) => r.feature === which)
    .map((r) => {
      const group = which === 'fpu' ? ' group="float"' : '';
      return `  <reg name="${r.name}" bitsize="${r.size * 8}" type="${r.type}" regnum="${r.regnum}"${group}/>`;
    })
    .join('\n');
  return `<feature name="${name}">\n${regs}\n</feature>`;
}

export const TARGET_XML =
  '<?xml version="1.0"?>\n' +
  '<!DOCTYPE target SYSTEM "gdb-target.dtd">\n' +
  '<target version="1.0">\n' +
  '<architecture>powerpc:common64</architecture>\n' +
  feature('org.gnu.gdb.power.core', 'core') + '\n' +
  feature('org.gnu.gdb.power.fpu', 'fpu') + '\n' +
  '</target>\n';
