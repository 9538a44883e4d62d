import { describe, expect, it } from 'vitest';
import { hex } from '../../../shared/bytes.ts';
import { generateNoteKeys, parseSignerKey, type NoteSigner } from '../../../shared/log/note-signer.ts';
import { parseVerifierKey, type NoteVerifier } from '../../../shared/log/note-verifier.ts';
import { openCheckpoint, signCheckpoint } from '../../../shared/log/signed-checkpoint.ts';
import { signNote } from '../../../shared/log/sign-note.ts';
import { seededRandom } from '../../../scripts/lib/prng.ts';
import { randomLeafHashes, treeOf } from './helpers.ts';

const ORIGIN = 'member-card.example/log';

async function keyPair(name: string): Promise<{ signer: NoteSigner; verifier: NoteVerifier }> {
  const { signerKey, verifierKey } = await generateNoteKeys(name);
  return { signer: await parseSignerKey(signerKey), verifier: await parseVerifierKey(verifierKey) };
}

const log = await keyPair(ORIGIN);
const witness = await keyPair('witness.example/w1');
const stranger = await keyPair(ORIGIN);
const tree = treeOf(randomLeafHashes(seededRandom(31), 1234));
const checkpoint = { origin: ORIGIN, size: tree.size(), rootHash: tree.root(), extensions: [] };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('signed checkpoints', () => {
  it("when the log signs a checkpoint, then a client trusting the log's key reads back the same tree head", async () => {
    const note = await signCheckpoint(checkpoint, [log.signer]);
    expect(note.startsWith(`${ORIGIN}\n1234\n`)).toBe(true);
    const opened = await openCheckpoint(note, { origin: ORIGIN, verifiers: [log.verifier] });
    expect(opened.checkpoint.size).toBe(1234);
    expect(hex(opened.checkpoint.rootHash)).toBe(hex(tree.root()));
  });

  it("when a witness cosigned too, then the witness line is ignored by a client that does not know the witness", async () => {
    const note = await signCheckpoint(checkpoint, [log.signer, witness.signer]);
    const opened = await openCheckpoint(note, { origin: ORIGIN, verifiers: [log.verifier] });
    expect(opened.note.unverified.map((s) => s.keyName)).toEqual(['witness.example/w1']);
  });

  it('when the size or root is changed after signing, then ERR_NOTE_SIGNATURE_INVALID', async () => {
    const note = await signCheckpoint(checkpoint, [log.signer]);
    expect(await codeOf(openCheckpoint(note.replace('\n1234\n', '\n1233\n'), { origin: ORIGIN, verifiers: [log.verifier] }))).toBe('ERR_NOTE_SIGNATURE_INVALID');
  });

  it('when a checkpoint is signed only by another key under the same name, then ERR_NOTE_UNVERIFIED', async () => {
    const note = await signCheckpoint(checkpoint, [stranger.signer]);
    expect(await codeOf(openCheckpoint(note, { origin: ORIGIN, verifiers: [log.verifier] }))).toBe('ERR_NOTE_UNVERIFIED');
  });

  it('when a validly signed checkpoint names another origin, then ERR_CHECKPOINT_INVALID', async () => {
    const note = await signCheckpoint({ ...checkpoint, origin: 'other.example/log' }, [log.signer]);
    expect(await codeOf(openCheckpoint(note, { origin: ORIGIN, verifiers: [log.verifier] }))).toBe('ERR_CHECKPOINT_INVALID');
  });

  it('when a signed note is not a checkpoint, then ERR_CHECKPOINT_INVALID', async () => {
    const note = await signNote(`${ORIGIN}\n01234\nAAAA\n`, [log.signer]);
    expect(await codeOf(openCheckpoint(note, { origin: ORIGIN, verifiers: [log.verifier] }))).toBe('ERR_CHECKPOINT_INVALID');
  });
});
