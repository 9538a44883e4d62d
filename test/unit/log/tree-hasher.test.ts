import { describe, expect, it } from 'vitest';
import { hex, utf8 } from '../../../shared/bytes.ts';
import { HASHER_VECTORS } from '../../fixtures/log/rfc6962-vectors.ts';
import { hasher } from './helpers.ts';

describe('RFC 6962 hashing', () => {
  it('when the tree is empty, then its root is SHA-256 of the empty string', () => {
    expect(hex(hasher.emptyRoot())).toBe(HASHER_VECTORS.emptyRoot);
  });

  it('when a leaf is hashed, then 0x00 is prefixed, so an empty leaf differs from the empty tree', () => {
    expect(hex(hasher.hashLeaf(new Uint8Array(0)))).toBe(HASHER_VECTORS.emptyLeaf);
    expect(hex(hasher.hashLeaf(utf8('L123456')))).toBe(HASHER_VECTORS.leafL123456);
  });

  it('when two children are hashed, then 0x01 is prefixed and the order matters', () => {
    expect(hex(hasher.hashChildren(utf8('N123'), utf8('N456')))).toBe(HASHER_VECTORS.childrenN123N456);
    expect(hex(hasher.hashChildren(utf8('N456'), utf8('N123')))).not.toBe(HASHER_VECTORS.childrenN123N456);
  });
});
