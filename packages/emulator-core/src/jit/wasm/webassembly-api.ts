/**
 * The part of the WebAssembly JavaScript API the translator uses. The project's `lib`
 * settings name no DOM, where TypeScript declares this API, so it is typed here once.
 */
export interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer }
export interface WasmTable {
  readonly length: number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number): number;
}
export interface WasmApi {
  Table: new (descriptor: { element: 'anyfunc'; initial: number }) => WasmTable;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
}

export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
