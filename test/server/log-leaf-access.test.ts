import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeafSchema } from '../../server/schemas/log.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { errorCode, expectError, expectOk } from './support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * A log leaf is an accepted event as the kiosk signed it: the member's number, their card's credential (name, card
 * serial, ID-number hash), the meeting and the time. Only the kiosk that signed it and people whose reach covers
 * that kiosk's organisation read it (the role × reach cases are in authorization-matrix.test.ts); checkpoints and
 * proofs, hashes only, stay public.
 */
describe('who may read a leaf of the transparency log', () => {
  let t: TestServer;
  let own: KioskSigner;
  let neighbour: KioskSigner;
  /** a check-in by a member at `own`'s meeting, and an event of `neighbour`'s */
  const leaves = {} as Record<'checkin' | 'neighbours', { index: number; jws: string }>;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    const issuer = await registeredIssuer(t);
    const card = await memberWithCard(t, issuer, 'A1');
    const meeting = await scheduleMeeting(t, 'A1');
    own = new KioskSigner(await t.enrollKiosk('A1'));
    neighbour = new KioskSigner(await t.enrollKiosk('B1'));
    const checkin = await own.checkin(card, meeting);
    const neighbours = await neighbour.sign({ type: 'card.denied', reason: 'expired' });
    const [ownReceipt] = await ingest(t, own.kiosk, [checkin]);
    const [neighbourReceipt] = await ingest(t, neighbour.kiosk, [neighbours]);
    leaves.checkin = { index: ownReceipt!.logIndex!, jws: checkin };
    leaves.neighbours = { index: neighbourReceipt!.logIndex!, jws: neighbours };
    await t.server.context.checkpoints.publish();
  });
  afterAll(() => t.close());

  it('when nobody is signed in, then a leaf is refused 401 ERR_AUTH_REQUIRED with what to do, and none of the event is in the answer', async () => {
    const response = await t.call('GET', `/api/v1/log/leaf/${leaves.checkin.index}`);
    expectError(response, 401, 'ERR_AUTH_REQUIRED');
    expect((response.body as { error: { message: string } }).error.message).toMatch(/sign in/);
    expect(response.text).not.toContain(leaves.checkin.jws.split('.')[1]!);
  });

  it('when nobody is signed in, then the checkpoint, the verifier key and both proofs are still served: they hold hashes only', async () => {
    for (const path of ['/log/checkpoint', '/log/checkpoint/2', '/log/verifier-key', '/log/proof/inclusion?index=0&size=2', '/log/proof/consistency?from=1&to=2']) {
      expect((await t.call('GET', `/api/v1${path}`)).status, path).toBe(200);
    }
  });

  it('when an admin reads a leaf, then it is the event as signed, and no cache may keep it', async () => {
    const response = await t.call('GET', `/api/v1/log/leaf/${leaves.checkin.index}`, { token: await t.adminToken() });
    expect(expectOk(response, 200, LeafSchema)).toEqual(leaves.checkin);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('when a kiosk reads the leaf of an event it signed, then it gets the event as it sent it, and no cache may keep it', async () => {
    const response = await t.call('GET', `/api/v1/kiosk/log/leaf/${leaves.checkin.index}`, { token: await t.kioskToken(own.kiosk) });
    expect(expectOk(response, 200, LeafSchema)).toEqual(leaves.checkin);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('when a kiosk reads the leaf of another kiosk’s event, then it is refused 403 ERR_OUT_OF_SCOPE, which tells it only that another kiosk’s event is there', async () => {
    const response = await t.call('GET', `/api/v1/kiosk/log/leaf/${leaves.checkin.index}`, { token: await t.kioskToken(neighbour.kiosk) });
    expectError(response, 403, 'ERR_OUT_OF_SCOPE');
    expect(response.body).toEqual({ error: { code: 'ERR_OUT_OF_SCOPE', message: expect.stringContaining("another kiosk's event"), details: { index: leaves.checkin.index } } });
    const back = await t.call('GET', `/api/v1/kiosk/log/leaf/${leaves.neighbours.index}`, { token: await t.kioskToken(own.kiosk) });
    expectError(back, 403, 'ERR_OUT_OF_SCOPE');
  });

  it('when a kiosk asks beyond the log, then the answer is 404 ERR_LOG_LEAF_NOT_FOUND, as for people', async () => {
    expectError(await t.call('GET', '/api/v1/kiosk/log/leaf/99', { token: await t.kioskToken(own.kiosk) }), 404, 'ERR_LOG_LEAF_NOT_FOUND');
  });

  it('when the kiosk route is asked without a kiosk token or with a person’s session, and the people’s route with a kiosk token, then each is refused 401', async () => {
    const path = `/api/v1/kiosk/log/leaf/${leaves.checkin.index}`;
    expectError(await t.call('GET', path), 401, 'ERR_KIOSK_TOKEN_MISSING');
    expect((await t.call('GET', path, { token: await t.adminToken() })).status).toBe(401);
    const asKiosk = await t.call('GET', `/api/v1/log/leaf/${leaves.checkin.index}`, { token: await t.kioskToken(own.kiosk) });
    expect({ status: asKiosk.status, code: errorCode(asKiosk) }).toEqual({ status: 401, code: 'ERR_SESSION_INVALID' });
  });
});
