import { VTY_REG } from '../papr/console.js';
import type { FdtWriter } from './writer.js';

/** The vty's node name under /vdevice (its unit address is its vterm number, PAPR's reg). */
export const VTY_NODE = `vty@${VTY_REG.toString(16)}`;

/** Adds the PAPR virtual terminal (compatible "hvterm1", served by H_PUT/GET_TERM_CHAR) inside the open /vdevice node. */
export function vtyNode(fdt: FdtWriter): FdtWriter {
  return fdt.beginNode(VTY_NODE)
    .property('compatible', 'hvterm1')
    .property('device_type', 'serial')
    .property('reg', VTY_REG)
    .endNode();
}
