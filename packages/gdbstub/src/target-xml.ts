/**
 * The target description served by `qXfer:features:read:target.xml` (GDB manual,
 * "Target Descriptions"). Architecture powerpc:common64 makes gdb-multiarch select
 * ppc64 by itself. The features are GDB's rs6000 ones — org.gnu.gdb.power.core, .fpu,
 * .altivec (with the `vec128` union GDB's power-altivec.xml defines, so `p $vr2` shows
 * the same fields as with GDB's built-in description) and .vsx — and hvstep's
 * org.hvstep.power.spr. Every register carries an explicit regnum, so the remote
 * numbering is exactly the map in regmap.ts.
 */
import { REGISTERS, type RegisterFeature, type RegisterInfo } from './regmap.js';

const FEATURE_NAMES: Record<RegisterFeature, string> = {
  core: 'org.gnu.gdb.power.core',
  fpu: 'org.gnu.gdb.power.fpu',
  altivec: 'org.gnu.gdb.power.altivec',
  vsx: 'org.gnu.gdb.power.vsx',
  spr: 'org.hvstep.power.spr',
};

/** The vector types the altivec feature's registers use (named as in power-altivec.xml). */
const ALTIVEC_TYPES = [
  '  <vector id="v4f" type="ieee_single" count="4"/>',
  '  <vector id="v4i32" type="int32" count="4"/>',
  '  <vector id="v8i16" type="int16" count="8"/>',
  '  <vector id="v16i8" type="int8" count="16"/>',
  '  <union id="vec128">',
  '    <field name="uint128" type="uint128"/>',
  '    <field name="v4_float" type="v4f"/>',
  '    <field name="v4_int32" type="v4i32"/>',
  '    <field name="v8_int16" type="v8i16"/>',
  '    <field name="v16_int8" type="v16i8"/>',
  '  </union>',
];

function reg(r: RegisterInfo): string {
  const group = r.group ? ` group="${r.group}"` : '';
  const save = r.writable ? '' : ' save-restore="no"';
  return `  <reg name="${r.name}" bitsize="${r.size * 8}" type="${r.type}" regnum="${r.regnum}"${group}${save}/>`;
}

function feature(which: RegisterFeature): string {
  const lines = which === 'altivec' ? [...ALTIVEC_TYPES] : [];
  for (const r of REGISTERS) if (r.feature === which) lines.push(reg(r));
  return `<feature name="${FEATURE_NAMES[which]}">\n${lines.join('\n')}\n</feature>`;
}

export const TARGET_XML =
  '<?xml version="1.0"?>\n' +
  '<!DOCTYPE target SYSTEM "gdb-target.dtd">\n' +
  '<target version="1.0">\n' +
  '<architecture>powerpc:common64</architecture>\n' +
  (Object.keys(FEATURE_NAMES) as RegisterFeature[]).map(feature).join('\n') + '\n' +
  '</target>\n';
