/**
 * The payload of a compact JWS (an event, a credential) as JSON, read without verifying it: for what a verified
 * event holds, or what an unverified one claims. Throws on anything that is not a JWS with a JSON payload.
 */
export const jwsPayload = (jws: string): unknown => JSON.parse(Buffer.from(jws.slice(jws.indexOf('.') + 1, jws.lastIndexOf('.')), 'base64url').toString('utf8'));
