import { utf8 } from '../../shared/bytes.ts';
import { generateNoteKeys, parseSignerKey, type NoteSigner } from '../../shared/log/note-signer.ts';
import { parseVerifierKey, type NoteVerifier } from '../../shared/log/note-verifier.ts';
import { StartupError } from '../startup-error.ts';
import { readOrCreateSecretFile, type SecretFile } from './secret-file.ts';

/** The log's default name: its checkpoints' origin line and the signing key's name. */
export const DEFAULT_LOG_NAME = 'member-card.local/log';

/**
 * The transparency log's Ed25519 note key (C2SP signed-note), separate from the server signing key: it
 * signs checkpoints forever, and monitors pin it. The file holds the signer key line (secret) and the
 * verifier key line (published at GET /api/v1/log/verifier-key), in Go's sumdb/note text forms.
 */
export interface LogSigningKey {
  /** the key name, also the checkpoints' origin */
  name: string;
  signer: NoteSigner;
  verifier: NoteVerifier;
  verifierKey: string;
}

interface KeyLines {
  signerKey: string;
  verifierKey: string;
}

function parseKeyLines(text: string): KeyLines {
  const [signerKey, verifierKey, ...rest] = text.trim().split('\n');
  if (!signerKey?.startsWith('PRIVATE+KEY+') || !verifierKey || rest.length > 0) throw new Error('expected a PRIVATE+KEY+… line and a verifier key line');
  return { signerKey, verifierKey };
}

/**
 * Reads the key file, or creates it (mode 0600) named `name` on first start. The name in an existing
 * file wins over `name`: a log keeps its origin for life, or monitors would see a different log.
 */
export async function readOrCreateLogKeyFile(path: string, name: string): Promise<SecretFile<LogSigningKey>> {
  // Generated up front because creating the file is synchronous; discarded when the file exists.
  const fresh = await generateNoteKeys(name);
  const file = readOrCreateSecretFile(path, () => `${fresh.signerKey}\n${fresh.verifierKey}\n`, parseKeyLines);
  const invalid = (message: string, cause?: unknown): StartupError => new StartupError('ERR_KEY_FILE_INVALID', `${path}: ${message}; restore it from backup`, { cause });
  let signer: NoteSigner;
  let verifier: NoteVerifier;
  try {
    signer = await parseSignerKey(file.value.signerKey);
    verifier = await parseVerifierKey(file.value.verifierKey);
  } catch (cause) {
    throw invalid('the log key lines do not parse', cause);
  }
  if (signer.keyName !== verifier.keyName || signer.keyId !== verifier.keyId) throw invalid('the signer and verifier keys name different keys');
  const probe = utf8(`${signer.keyName} key check\n`);
  if (!(await verifier.verify(probe, await signer.sign(probe)))) throw invalid('the verifier key does not belong to the signer key');
  return { ...file, value: { name: signer.keyName, signer, verifier, verifierKey: file.value.verifierKey } };
}
