import { utf8 } from '../../../shared/bytes.ts';
import { toBase64 } from '../../../shared/log/base64.ts';
import { LogTree } from '../../../shared/log/log-tree.ts';
import { MemoryNodeStorage } from '../../../shared/log/memory-node-storage.ts';
import { nodeSha256 } from '../../../shared/log/sha256.node.ts';
import { signCheckpoint } from '../../../shared/log/signed-checkpoint.ts';
import { rfc6962Hasher } from '../../../shared/log/tree-hasher.ts';
import type { LogSigningKey } from '../../../server/keys/log-signing-key.ts';
import type { Bundle } from '../../../server/schemas/bundles.ts';

const hasher = rfc6962Hasher(nodeSha256);

/**
 * What an operator holding the log key can do without any kiosk or card: put the bundle's events, as they
 * are now, into a tree of its own and sign a checkpoint over it with the real key. Every offline check of
 * the log passes on the result; only a comparison with the log others see can tell it apart.
 */
export async function rerootBundle(bundle: Bundle, logKey: LogSigningKey): Promise<Bundle> {
  const tree = new LogTree(hasher, new MemoryNodeStorage());
  tree.appendAll(bundle.events.map((event) => hasher.hashLeaf(utf8(event.jws))));
  const size = tree.size();
  const checkpoint = await signCheckpoint({ origin: logKey.name, size, rootHash: tree.root(), extensions: [] }, [logKey.signer]);
  return {
    ...bundle,
    checkpoint,
    events: bundle.events.map((event, index) => ({ ...event, logIndex: index, inclusionProof: tree.inclusionProof(index, size).map(toBase64) })),
    manifest: { entries: bundle.manifest.entries.map((entry, index) => ({ ...entry, logIndex: index })) },
  };
}

/** `bundle` with the event at `position` of `donor` (a bundle under the same checkpoint) added at the end, as the server would list it. */
export function padWith(bundle: Bundle, donor: Bundle, position: number): Bundle {
  const event = donor.events[position]!;
  const kid = donor.manifest.entries[position]!.kiosk;
  return {
    ...bundle,
    kiosks: { ...bundle.kiosks, [kid]: donor.kiosks[kid]! },
    events: [...bundle.events, event],
    manifest: { entries: [...bundle.manifest.entries, donor.manifest.entries[position]!] },
  };
}
