/**
 * NodeStorage in memory: one growable array per level, kept as fixed 1 MiB chunks of packed 32-byte
 * hashes so a large tree never reallocates and copies a whole level (≈ 64 bytes per leaf in total).
 * Used by tests, tools and the kiosk; the server persists the same nodes in SQLite.
 */
import type { NodeStorage, NodeWrite } from './node-storage.ts';
import { HASH_SIZE } from './tree-hasher.ts';

const NODES_PER_CHUNK = 32_768;

export class MemoryNodeStorage implements NodeStorage {
  private leafCount = 0;
  private readonly levels: Uint8Array[][] = [];

  size(): number {
    return this.leafCount;
  }

  node(level: number, index: number): Uint8Array {
    if (!Number.isSafeInteger(level) || !Number.isSafeInteger(index) || level < 0 || index < 0 || (index + 1) * 2 ** level > this.leafCount) {
      throw new RangeError(`node ${level}/${index} is not complete in a tree of ${this.leafCount} leaves`);
    }
    const chunk = this.levels[level]![Math.floor(index / NODES_PER_CHUNK)]!;
    const offset = (index % NODES_PER_CHUNK) * HASH_SIZE;
    return chunk.slice(offset, offset + HASH_SIZE);
  }

  write(newSize: number, nodes: readonly NodeWrite[]): void {
    for (const { level, index, hash } of nodes) {
      if (hash.length !== HASH_SIZE) throw new RangeError(`node ${level}/${index} must be ${HASH_SIZE} bytes`);
      const chunks = (this.levels[level] ??= []);
      const chunkIndex = Math.floor(index / NODES_PER_CHUNK);
      const chunk = (chunks[chunkIndex] ??= new Uint8Array(NODES_PER_CHUNK * HASH_SIZE));
      chunk.set(hash, (index % NODES_PER_CHUNK) * HASH_SIZE);
    }
    this.leafCount = newSize;
  }
}
