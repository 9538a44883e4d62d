/**
 * WebCrypto's DOM typings accept only views over a plain ArrayBuffer, while byte helpers hand out
 * `Uint8Array<ArrayBufferLike>` (possibly shared memory). Copying into a fresh array satisfies both the
 * Node-only and the DOM type configurations; the inputs here (keys, note texts ≤ 64 KiB) are small.
 */
export const forWebCrypto = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);
