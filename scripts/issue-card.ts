/**
 * npm run card:issue -- --member NO --name NAME --id-number ID --issuer-key FILE --id-key FILE
 *                       [--reader NAME] [--valid-days N] [--wait SECONDS]
 * Personalises the blank card on a reader (physical or virtual): key generated on the card, credential
 * signed with the issuer key and written, read back and verified, card locked.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromHex } from '../shared/bytes.ts';
import { PcscReaders } from '../shared/card/pcsc-transport.node.ts';
import { residentIdHash } from '../shared/issuance/id-hash.ts';
import { IssuerKeyFileSchema } from '../shared/issuance/issuer-key.ts';
import { personaliseCard, type PersonalisationStep } from '../shared/issuance/personalise.ts';
import { runCli } from './lib/explain-error.ts';

const STEP_TEXT: Record<PersonalisationStep, string> = {
  'select': 'reading the card',
  'generate-key': 'generating the key pair on the card',
  'sign': 'signing the credential',
  'write': 'writing the credential',
  'read-back': 'reading it back and verifying',
  'lock': 'locking the card',
};

function required(value: string | undefined, flag: string, example: string): string {
  if (!value) throw new Error(`Missing --${flag} (for example --${flag} ${example})`);
  return value;
}

runCli(async () => {
  const { values } = parseArgs({
    options: {
      'member': { type: 'string' },
      'name': { type: 'string' },
      'id-number': { type: 'string' },
      'issuer-key': { type: 'string' },
      'id-key': { type: 'string' },
      'reader': { type: 'string' },
      'valid-days': { type: 'string', default: '1825' },
      'wait': { type: 'string', default: '30' },
    },
  });
  const member = required(values.member, 'member', '3301020001');
  const name = required(values.name, 'name', '张伟');
  const idNumber = required(values['id-number'], 'id-number', '11010519491231002X');
  const issuer = IssuerKeyFileSchema.parse(JSON.parse(readFileSync(required(values['issuer-key'], 'issuer-key', 'data/issuer/county-od.key.json'), 'utf8')));
  const idKey = fromHex(readFileSync(required(values['id-key'], 'id-key', 'data/id-hash.key'), 'utf8').trim());
  if (idKey.length !== 32) throw new Error('--id-key must name a file holding 64 hex characters (32 bytes)');
  const validDays = Number(values['valid-days']);
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 3650) throw new Error('--valid-days must be 1..3650');

  const readers = await PcscReaders.start();
  try {
    console.log(`Waiting for a blank card${values.reader ? ` on ${values.reader}` : ''}…`);
    const transport = await readers.waitForCard(values.reader, Number(values.wait) * 1000);
    console.log(`Card found on ${transport.reader}`);
    const credential = await personaliseCard(
      transport,
      issuer,
      { member, name, idh: await residentIdHash(idNumber, idKey), validDays },
      (step) => console.log(`  … ${STEP_TEXT[step]}`),
    );
    console.log(`Issued card ${credential.claims.csn} to member ${member} (${name}), valid until ${new Date(credential.claims.exp * 1000).toISOString().slice(0, 10)}.`);
    // Until the server holds the card, kiosks greet its taps but the server refuses them (ERR_CARD_UNKNOWN).
    console.log('Register it on the server before it is used: on the server machine, in the server folder, run');
    console.log(`  npm run admin -- card:register --credential ${credential.jwt}`);
    console.log('(or, as an organiser, POST /api/v1/cards with {"credential": "…"}).');
  } finally {
    await readers.close();
  }
});
