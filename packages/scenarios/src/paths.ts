import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/scenarios/{src,dist}/paths.*). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const GUEST_DIR = path.join(REPO_ROOT, 'guests/system');
export const KERNEL_ELF = path.join(GUEST_DIR, 'kernel.elf');
export const FIRMWARE_ELF = path.join(GUEST_DIR, 'firmware.elf');
