import { describe, expect, it } from 'vitest';
import { CompactSign, importJWK, type CryptoKey } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { eventHash, readEventHeader, signEvent, verifyEvent } from '../../shared/events/event-jws.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';
import { generateKioskKey, loadKioskKey } from '../../shared/events/kiosk-key.ts';

const kiosk = await generateKioskKey();
const other = await generateKioskKey();
const publicKey = (await importJWK(kiosk.publicJwk, 'EdDSA')) as CryptoKey;

const meetingOpen = (seq: number, prev?: string): EventPayload => ({
  v: 1, id: uuidv7(), kiosk: kiosk.kid, seq, ...(prev && { prev }), at: '2026-11-26T09:00:00+08:00', org: 'branch-1',
  type: 'meeting.open', meeting: 'm-1', kind: 'committee', title: '支委会',
});

describe('signed events', () => {
  it('when a kiosk signs a chain of events, then each verifies and prev is the hash of the one before', async () => {
    const first = await signEvent(meetingOpen(1), kiosk.privateKey, kiosk.kid);
    const second = await signEvent(meetingOpen(2, await eventHash(first)), kiosk.privateKey, kiosk.kid);
    const verified = await verifyEvent(second, publicKey);
    expect(verified.seq).toBe(2);
    expect(verified.prev).toBe(await eventHash(first));
    expect(readEventHeader(second).kid).toBe(kiosk.kid);
  });

  it('when a kiosk key is reloaded from its private JWK, then it keeps its kid and its signatures verify', async () => {
    const reloaded = await loadKioskKey(kiosk.privateJwk);
    expect(reloaded.kid).toBe(kiosk.kid);
    expect((await verifyEvent(await signEvent(meetingOpen(1), reloaded.privateKey, reloaded.kid), publicKey)).seq).toBe(1);
  });

  it('when seq 1 carries prev or a later event lacks it, then signing refuses the payload', async () => {
    await expect(signEvent(meetingOpen(1, 'A'.repeat(43)), kiosk.privateKey, kiosk.kid)).rejects.toThrow();
    await expect(signEvent(meetingOpen(2), kiosk.privateKey, kiosk.kid)).rejects.toThrow();
  });

  it('when another kiosk key signs the event, then ERR_EVENT_SIGNATURE_INVALID', async () => {
    const jws = await signEvent(meetingOpen(1), other.privateKey, kiosk.kid);
    await expect(verifyEvent(jws, publicKey)).rejects.toMatchObject({ code: 'ERR_EVENT_SIGNATURE_INVALID' });
  });

  it.each([
    ['another algorithm', { alg: 'HS256', typ: 'mic-event+jws', kid: 'k' }],
    ['another typ', { alg: 'EdDSA', typ: 'JWT', kid: 'k' }],
    ['no kid', { alg: 'EdDSA', typ: 'mic-event+jws' }],
    ['a crit header', { alg: 'EdDSA', typ: 'mic-event+jws', kid: 'k', crit: ['x'], x: 1 }],
  ])('when the header has %s, then ERR_EVENT_MALFORMED before any crypto', (_label, header) => {
    const encoded = Buffer.from(JSON.stringify(header)).toString('base64url');
    expect(() => readEventHeader(`${encoded}.e30.c2ln`)).toThrow(expect.objectContaining({ code: 'ERR_EVENT_MALFORMED' }));
  });

  it('when the signed payload breaks the schema or names another kiosk, then ERR_EVENT_SCHEMA', async () => {
    const sign = (payload: unknown) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', typ: 'mic-event+jws', kid: kiosk.kid }).sign(kiosk.privateKey);
    await expect(verifyEvent(await sign({ ...meetingOpen(1), seq: 0 }), publicKey)).rejects.toMatchObject({ code: 'ERR_EVENT_SCHEMA' });
    await expect(verifyEvent(await sign({ ...meetingOpen(1), kiosk: other.kid }), publicKey)).rejects.toMatchObject({ code: 'ERR_EVENT_SCHEMA' });
    await expect(verifyEvent(await sign({ ...meetingOpen(1), surprise: true }), publicKey)).rejects.toMatchObject({ code: 'ERR_EVENT_SCHEMA' });
    await expect(verifyEvent(await sign({ ...meetingOpen(1), at: '2026-11-26 09:00' }), publicKey)).rejects.toMatchObject({ code: 'ERR_EVENT_SCHEMA' });
  });
});
