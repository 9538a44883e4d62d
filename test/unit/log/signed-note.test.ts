/**
 * Signed notes against golang.org/x/mod/sumdb/note's published test values (the reference
 * implementation of c2sp.org/signed-note), plus the spec's rules for unknown and bad signatures.
 */
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { utf8 } from '../../../shared/bytes.ts';
import { toBase64 } from '../../../shared/log/base64.ts';
import { openNote } from '../../../shared/log/open-note.ts';
import { formatKeyId } from '../../../shared/log/note-key-id.ts';
import { ed25519NoteSigner, generateNoteKeys, parseSignerKey } from '../../../shared/log/note-signer.ts';
import { MAX_NOTE_BYTES, parseNote } from '../../../shared/log/note-text.ts';
import { ed25519NoteVerifier, formatVerifierKey, parseVerifierKey } from '../../../shared/log/note-verifier.ts';
import { signNote } from '../../../shared/log/sign-note.ts';
import {
  BAD_VERIFIER_KEYS,
  ENOCH_KEY_ID,
  ENOCH_SIGNATURE_LINE,
  ENOCH_VERIFIER_KEY,
  PETER_KEY_ID,
  PETER_SIGNATURE_LINE,
  PETER_SIGNED_NOTE,
  PETER_SIGNER_KEY,
  PETER_VERIFIER_KEY,
  TEXT,
} from '../../fixtures/log/sumdb-note-vectors.ts';

const peter = await parseVerifierKey(PETER_VERIFIER_KEY);
const enoch = await parseVerifierKey(ENOCH_VERIFIER_KEY);
const bothSigned = `${TEXT}\n${PETER_SIGNATURE_LINE}${ENOCH_SIGNATURE_LINE}`;

/** The code `promise` rejects with, or 'resolved'. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('signed-note keys (Go sumdb/note known answers)', () => {
  it("when Peter's verifier key is parsed, then its key ID is c74f20a3 and it formats back to the same text", async () => {
    expect(peter.keyName).toBe('PeterNeumann');
    expect(peter.keyId).toBe(PETER_KEY_ID);
    expect(enoch.keyId).toBe(ENOCH_KEY_ID);
    const publicKey = Uint8Array.from(atob(PETER_VERIFIER_KEY.split('+')[2]!), (c) => c.charCodeAt(0)).slice(1);
    expect(await formatVerifierKey('PeterNeumann', publicKey)).toBe(PETER_VERIFIER_KEY);
  });

  it("when any substring or any one-character change of Peter's verifier key is parsed, then it is refused", async () => {
    const manglings: string[] = [...BAD_VERIFIER_KEYS];
    for (let i = 0; i <= PETER_VERIFIER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_VERIFIER_KEY.length; j++) if (i !== 0 || j !== PETER_VERIFIER_KEY.length) manglings.push(PETER_VERIFIER_KEY.slice(i, j));
    }
    for (let i = 0; i < PETER_VERIFIER_KEY.length; i++) {
      manglings.push(PETER_VERIFIER_KEY.slice(0, i) + String.fromCharCode(PETER_VERIFIER_KEY.charCodeAt(i) + 1) + PETER_VERIFIER_KEY.slice(i + 1));
    }
    const accepted: string[] = [];
    for (const mangled of manglings) if ((await codeOf(parseVerifierKey(mangled))) !== 'ERR_NOTE_KEY_INVALID') accepted.push(mangled);
    expect(accepted).toEqual([]);
  });

  it("when any substring or any one-character change of Peter's signer key is parsed, then it is refused", async () => {
    const manglings: string[] = [];
    for (let i = 0; i <= PETER_SIGNER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_SIGNER_KEY.length; j++) if (i !== 0 || j !== PETER_SIGNER_KEY.length) manglings.push(PETER_SIGNER_KEY.slice(i, j));
    }
    for (let i = 0; i < PETER_SIGNER_KEY.length; i++) {
      manglings.push(PETER_SIGNER_KEY.slice(0, i) + String.fromCharCode(PETER_SIGNER_KEY.charCodeAt(i) + 1) + PETER_SIGNER_KEY.slice(i + 1));
    }
    const accepted: string[] = [];
    for (const mangled of manglings) if ((await codeOf(parseSignerKey(mangled))) !== 'ERR_NOTE_KEY_INVALID') accepted.push(mangled);
    expect(accepted).toEqual([]);
  });

  it('when a key pair is generated, then its signer and verifier texts parse and work together', async () => {
    const { signerKey, verifierKey } = await generateNoteKeys('member-card.example/log');
    const signer = await parseSignerKey(signerKey);
    const verifier = await parseVerifierKey(verifierKey);
    expect(formatKeyId(signer.keyId)).toBe(formatKeyId(verifier.keyId));
    const opened = await openNote(await signNote('hello\n', [signer]), [verifier]);
    expect(opened.text).toBe('hello\n');
  });
});

describe('signing notes', () => {
  it("when Go's test text is signed with Peter's key, then the note equals Go's TestSign output byte for byte", async () => {
    expect(await signNote(TEXT, [await parseSignerKey(PETER_SIGNER_KEY)])).toBe(PETER_SIGNED_NOTE);
  });

  it('when a WebCrypto key pair signs, then the note opens with the matching verifier', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    const signer = await ed25519NoteSigner('server.example/log', privateKey, publicKey);
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
    const note = await signNote('a\nb\n', [signer]);
    await expect(openNote(note, [await ed25519NoteVerifier('server.example/log', raw)])).resolves.toMatchObject({ text: 'a\nb\n' });
  });

  it('when the text lacks its final newline, holds a control character, or there is no signer, then signing is refused', async () => {
    const signer = await parseSignerKey(PETER_SIGNER_KEY);
    expect(await codeOf(signNote('abc', [signer]))).toBe('ERR_NOTE_MALFORMED');
    expect(await codeOf(signNote('a\u0007b\n', [signer]))).toBe('ERR_NOTE_MALFORMED');
    expect(await codeOf(signNote(TEXT, []))).toBe('ERR_NOTE_MALFORMED');
    expect(await codeOf(signNote(TEXT, [signer, signer]))).toBe('ERR_NOTE_KEY_INVALID');
    expect(await codeOf(signNote(`${'x'.repeat(MAX_NOTE_BYTES)}\n`, [signer]))).toBe('ERR_NOTE_MALFORMED');
  });
});

describe('opening notes', () => {
  it("when a note is signed by Peter and by an unknown key, then Peter's signature counts and the other is ignored", async () => {
    const opened = await openNote(bothSigned, [peter]);
    expect(opened.text).toBe(TEXT);
    expect(opened.verified.map((s) => s.keyName)).toEqual(['PeterNeumann']);
    expect(opened.unverified.map((s) => [s.keyName, s.keyId])).toEqual([['EnochRoot', ENOCH_KEY_ID]]);
  });

  it('when both signers are trusted, then both signatures are verified', async () => {
    const opened = await openNote(bothSigned, [peter, enoch]);
    expect(opened.verified.map((s) => s.keyName)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(opened.unverified).toEqual([]);
  });

  it('when only unknown keys signed, then ERR_NOTE_UNVERIFIED', async () => {
    expect(await codeOf(openNote(bothSigned, []))).toBe('ERR_NOTE_UNVERIFIED');
    expect(await codeOf(openNote(`${TEXT}\n${ENOCH_SIGNATURE_LINE}`, [peter]))).toBe('ERR_NOTE_UNVERIFIED');
  });

  it('when a signature shares only the name or only the key ID of a trusted key, then it is ignored, not failed', async () => {
    const misnamed = PETER_SIGNATURE_LINE.replace('PeterNeumann', 'CarmenSandiego');
    expect(await codeOf(openNote(`${TEXT}\n${misnamed}`, [peter]))).toBe('ERR_NOTE_UNVERIFIED');
    const otherId = `— PeterNeumann ${toBase64(Uint8Array.of(0xc7, 0x4f, 0x20, 0xa4, ...new Uint8Array(64)))}\n`;
    const opened = await openNote(`${TEXT}\n${otherId}${PETER_SIGNATURE_LINE}`, [peter]);
    expect(opened.unverified).toHaveLength(1);
  });

  it('when the body is changed after signing, then the trusted signature fails with ERR_NOTE_SIGNATURE_INVALID', async () => {
    expect(await codeOf(openNote(PETER_SIGNED_NOTE.replace('cryptography', 'cryptographY'), [peter]))).toBe('ERR_NOTE_SIGNATURE_INVALID');
  });

  it("when a trusted key's signature bytes are altered, then the whole note is rejected even beside a valid one", async () => {
    const bad = PETER_SIGNATURE_LINE.slice(0, 60) + 'ABCD' + PETER_SIGNATURE_LINE.slice(60);
    expect(await codeOf(openNote(`${TEXT}\n${bad}`, [peter]))).toBe('ERR_NOTE_SIGNATURE_INVALID');
    expect(await codeOf(openNote(`${TEXT}\n${PETER_SIGNATURE_LINE}${bad}`, [peter]))).toBe('ERR_NOTE_SIGNATURE_INVALID');
  });

  it('when two trusted keys share a name and key ID, then the configuration is refused', async () => {
    expect(await codeOf(openNote(PETER_SIGNED_NOTE, [peter, enoch, peter]))).toBe('ERR_NOTE_KEY_INVALID');
  });

  it("when the note is malformed in any of Go's TestOpen ways, then ERR_NOTE_MALFORMED", async () => {
    const bytes = (prefix: number) => Uint8Array.from([prefix, ...utf8(`${TEXT}\n${PETER_SIGNATURE_LINE}`)]);
    const malformed: (string | Uint8Array)[] = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIGNATURE_LINE.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIGNATURE_LINE}`,
      bytes(0xff),
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIGNATURE_LINE}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIGNATURE_LINE.repeat(101)}`,
    ];
    for (const note of malformed) expect(await codeOf(openNote(note, [peter])), JSON.stringify(String(note))).toBe('ERR_NOTE_MALFORMED');
  });

  it('when the note breaks the stricter rules (lone surrogate, bad base64, too long, short signature), then ERR_NOTE_MALFORMED', async () => {
    const malformed = [
      `\ud800${TEXT}\n${PETER_SIGNATURE_LINE}`,
      `${TEXT}\n— PeterNeumann ${PETER_SIGNATURE_LINE.slice(15, -2)}\n`,
      `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n`,
      `${TEXT}\n— PeterNeumann xw==\n`,
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n— Peter+Neumann ${PETER_SIGNATURE_LINE.slice(15)}`,
      `${TEXT}\n—  PeterNeumann ${PETER_SIGNATURE_LINE.slice(15)}`,
      `${'x'.repeat(MAX_NOTE_BYTES)}\n\n${PETER_SIGNATURE_LINE}`,
    ];
    for (const note of malformed) expect(await codeOf(openNote(note, [peter])), JSON.stringify(note.slice(0, 40))).toBe('ERR_NOTE_MALFORMED');
  });

  it('when the text itself has blank lines, then the signatures start after the last one', async () => {
    const signer = await parseSignerKey(PETER_SIGNER_KEY);
    const text = 'first\n\n— PeterNeumann looks like a signature\n\n';
    const opened = await openNote(await signNote(text, [signer]), [peter]);
    expect(opened.text).toBe(text);
    expect(parseNote(await signNote(text, [signer])).signatures).toHaveLength(1);
  });
});
