/**
 * npm run card:issuer-keygen -- --iss ID [--out DIR] [--force]
 * Creates an organisation department's issuer key pair: the private key file stays with the issuance
 * desk (mode 0600); the public JWK is what the server and every kiosk trust.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateIssuerKey } from '../shared/issuance/issuer-key.ts';
import { runCli } from './lib/explain-error.ts';

runCli(async () => {
  const { values } = parseArgs({
    options: { iss: { type: 'string' }, out: { type: 'string', default: 'data/issuer' }, force: { type: 'boolean', default: false } },
  });
  if (!values.iss || !/^[A-Za-z0-9._-]+$/.test(values.iss)) {
    throw new Error('Give the issuer id with --iss, e.g. --iss county-od (letters, digits, . _ -)');
  }
  const privatePath = join(values.out, `${values.iss}.key.json`);
  const publicPath = join(values.out, `${values.iss}.public.json`);
  if (existsSync(privatePath) && !values.force) {
    throw new Error(`${privatePath} already exists; cards signed with it would stop verifying if it were replaced. Use --force to replace it anyway.`);
  }
  const key = await generateIssuerKey(values.iss);
  mkdirSync(values.out, { recursive: true, mode: 0o700 });
  writeFileSync(privatePath, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(publicPath, `${JSON.stringify(key.publicJwk, null, 2)}\n`);
  console.log(`Issuer ${values.iss}: key id ${key.kid}`);
  console.log(`  private key (keep at the issuance desk): ${privatePath}`);
  console.log(`  public key (register on the server):    ${publicPath}`);
});
