import { createHash, randomBytes } from 'node:crypto';

/** A one-time secret handed to a person (kiosk enrolment token): 32 random bytes, base64url. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** Only this hash is stored, so a copy of the database cannot enrol a kiosk. */
export const secretTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');
