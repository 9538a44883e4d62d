import { describe, expect, it } from 'vitest';
import { hex } from '../../../shared/bytes.ts';
import { formatCheckpoint, parseCheckpoint } from '../../../shared/log/checkpoint.ts';
import { SPEC_CHECKPOINT_TEXT } from '../../fixtures/log/sumdb-note-vectors.ts';

const ROOT_B64 = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';

describe('checkpoint bodies', () => {
  it("when the tlog-checkpoint spec's example is parsed, then origin, size and root come out and it formats back identically", () => {
    const checkpoint = parseCheckpoint(SPEC_CHECKPOINT_TEXT);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(hex(checkpoint.rootHash)).toBe('0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62');
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(SPEC_CHECKPOINT_TEXT);
  });

  it('when a checkpoint has extension lines or size 0, then they round-trip', () => {
    const text = `log.example/x\n0\n${ROOT_B64}\nTimestamp: 1\nother\n`;
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint.size).toBe(0);
    expect(checkpoint.extensions).toEqual(['Timestamp: 1', 'other']);
    expect(formatCheckpoint(checkpoint)).toBe(text);
  });

  it.each([
    ['no trailing newline', `o\n5\n${ROOT_B64}`],
    ['a leading zero', `o\n05\n${ROOT_B64}\n`],
    ['a sign', `o\n+5\n${ROOT_B64}\n`],
    ['a negative size', `o\n-5\n${ROOT_B64}\n`],
    ['a space in the size', `o\n 5\n${ROOT_B64}\n`],
    ['a size beyond 2^53 − 1', `o\n9007199254740992\n${ROOT_B64}\n`],
    ['an empty origin', `\n5\n${ROOT_B64}\n`],
    ['only two lines', 'o\n5\n'],
    ['unpadded base64', `o\n5\n${ROOT_B64.slice(0, -1)}\n`],
    ['non-canonical base64', `o\n5\n${ROOT_B64.slice(0, -2)}J=\n`],
    ['url-safe base64', `o\n5\n${ROOT_B64.replace('/', '_')}\n`],
    ['a 31-byte root', 'o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n'],
    ['an empty extension line', `o\n5\n${ROOT_B64}\n\next\n`],
    ['a control character', `o\u0000\n5\n${ROOT_B64}\n`],
    ['a carriage return', `o\n5\r\n${ROOT_B64}\n`],
  ])('when a checkpoint has %s, then it is refused with ERR_CHECKPOINT_INVALID', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_INVALID' }));
  });

  it('when a checkpoint to format has a newline in a field, a bad size or a short root, then it is refused', () => {
    const rootHash = new Uint8Array(32);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash, extensions: [] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_INVALID' }));
    expect(() => formatCheckpoint({ origin: 'a', size: 1, rootHash, extensions: ['x\ny'] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_INVALID' }));
    expect(() => formatCheckpoint({ origin: 'a', size: -1, rootHash, extensions: [] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_INVALID' }));
    expect(() => formatCheckpoint({ origin: 'a', size: 1, rootHash: new Uint8Array(31), extensions: [] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_INVALID' }));
    expect(() => formatCheckpoint({ origin: '', size: 1, rootHash, extensions: [] })).toThrow(expect.objectContaining({ code: 'ERR_CHECKPOINT_INVALID' }));
  });
});
