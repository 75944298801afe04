import { W_LR } from '../state/layout.js';

/**
 * LR = CIA + 4 (LK=1), CIA given as halves. A template helper: the WebAssembly back end
 * inlines it from its source text, where a module-level name may appear renamed once the
 * command is bundled (esbuild renames colliding top-level names), so the carry out of
 * the low word is tested against a literal.
 */
export function linkRegister(r: Int32Array, ciaHi: number, ciaLo: number, mode64: boolean): void {
  const s = (ciaLo >>> 0) + 4;
  r[W_LR] = s | 0;
  r[W_LR + 1] = mode64 ? (ciaHi + (s > 0xffffffff ? 1 : 0)) | 0 : 0;
}
