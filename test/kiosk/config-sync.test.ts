import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { clockWithOffset } from '../../kiosk/core/time/clock.ts';
import { contractContent, harness, type Harness } from './support/kiosk-harness.ts';
import { MEETING, ORG, issueCards, revoked } from './support/world.ts';

const cards = await issueCards();
const WEEK = 7 * 86_400_000;

let world: Harness;
beforeEach(async () => {
  world = await harness(cards);
});
afterEach(async () => {
  await world.cleanup();
});

const configGets = (): { status: number; ifNoneMatch?: string | undefined }[] => world.contract.requests.filter((request) => request.path === '/api/v1/kiosk/config');

describe('configuration sync', () => {
  it('when the kiosk enrols, then it fetches the configuration at once, pins the server key and knows the roster, meetings and transfers', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    expect(kiosk.status()).toMatchObject({
      enrolled: true,
      enrolment: { org: ORG, serverUrl: world.contract.url },
      config: { available: true, meetings: 1, transfers: 1, revocationSeq: 1 },
      lastError: undefined,
    });
    expect(kiosk.scheduledMeetings().map((meeting) => meeting.id)).toEqual([MEETING]);
    expect(configGets()).toHaveLength(1);
  });

  it('when the configuration has not changed, then the kiosk sends its ETag and the 304 keeps the cached configuration', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    await kiosk.syncNow();
    const [first, second] = configGets();
    expect(first).toMatchObject({ status: 200, ifNoneMatch: undefined });
    expect(second).toMatchObject({ status: 304 });
    expect(second?.ifNoneMatch).toMatch(/^".+"$/);
    expect(kiosk.status().config).toMatchObject({ available: true, meetings: 1 });

    await world.contract.setConfig({ ...contractContent(cards), meetings: [] });
    await kiosk.syncNow();
    expect(configGets()[2]).toMatchObject({ status: 200 });
    expect(kiosk.status().config.meetings).toBe(0);
  });

  it('when the server names the organisation’s zone, then the kiosk keeps it (spelled as Intl spells it) and keeps it over a restart; an unknown zone is left out', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    expect(kiosk.status().config.timeZone).toBeUndefined();
    await world.contract.setConfig({ ...contractContent(cards), timeZone: 'asia/shanghai' });
    await kiosk.syncNow();
    expect(kiosk.status().config.timeZone).toBe('Asia/Shanghai');
    await kiosk.close();
    const restarted = await world.open({ autoSync: false });
    expect(restarted.status().config.timeZone).toBe('Asia/Shanghai');

    await world.contract.setConfig({ ...contractContent(cards), timeZone: 'Mars/Olympus_Mons' });
    await restarted.syncNow();
    expect(restarted.status()).toMatchObject({ config: { available: true, timeZone: undefined }, lastError: undefined });
  });

  it('when the secretary asks to sync now, then the configuration is pulled at once, whatever the interval', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 3_600_000 } });
    expect(kiosk.status().config.meetings).toBe(1);
    await world.contract.setConfig({ ...contractContent(cards), meetings: [] });
    await kiosk.syncNow();
    expect(kiosk.status().config.meetings).toBe(0);
  });

  it('when a card is revoked at the server, then after the next configuration pull the kiosk refuses it', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await world.contract.setConfig({ ...contractContent(cards), revoked: [revoked(cards.member)] });
    await kiosk.syncNow();
    expect(kiosk.status().config.revocationSeq).toBe(2);
    expect(await kiosk.tap(new MemoryTransport(cards.member.applet))).toMatchObject({ kind: 'refused', reason: 'revoked' });
  });

  it('when the configuration names another server key than the pinned one, then it is refused with ERR_SERVER_KEY_CHANGED and the cached one stays', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    await world.contract.replaceServerKey();
    await world.contract.setConfig({ ...contractContent(cards), revoked: [revoked(cards.member)] });
    await kiosk.syncNow();
    expect(kiosk.status()).toMatchObject({ lastError: { code: 'ERR_SERVER_KEY_CHANGED' }, config: { available: true, revocationSeq: 1 } });
  });

  it('when the revocation list is not signed by the pinned key, then the configuration is refused with ERR_CONFIG_INVALID and events still flow', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    await world.contract.forgeRevocations();
    await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' });
    await kiosk.syncNow();
    expect(kiosk.status()).toMatchObject({ lastError: { code: 'ERR_CONFIG_INVALID' }, config: { revocationSeq: 1 }, queueLength: 0 });
  });

  it('when the server offers an older revocation list than the cached one (a replay), then it is refused with ERR_REVOCATIONS_ROLLED_BACK', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    await world.contract.setConfig({ ...contractContent(cards), revoked: [revoked(cards.member)], revocationSeq: 5 });
    await kiosk.syncNow();
    await world.contract.setConfig({ ...contractContent(cards), revoked: [], revocationSeq: 4 });
    await kiosk.syncNow();
    expect(kiosk.status()).toMatchObject({ lastError: { code: 'ERR_REVOCATIONS_ROLLED_BACK' }, config: { revocationSeq: 5 } });
  });

  it('when the kiosk restarts with the server down, then it works weeks later from the cached configuration: same meeting, names, revocations and attendance', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { configIntervalMs: 0 } });
    await world.contract.setConfig({ ...contractContent(cards), revoked: [revoked(cards.visitor)] });
    await kiosk.syncNow();
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    expect(await kiosk.tap(new MemoryTransport(cards.member.applet))).toMatchObject({ kind: 'checked-in' });
    await kiosk.close();
    await world.contract.stop();

    const threeWeeksLater = clockWithOffset(480, () => new Date(Date.now() + 3 * WEEK));
    const restarted = await world.open({ clock: threeWeeksLater, autoSync: false });
    expect(restarted.status()).toMatchObject({
      enrolled: true,
      mode: { kind: 'meeting', meeting: { id: MEETING, origin: 'scheduled' } },
      config: { available: true, revocationSeq: 2 },
      queueLength: 1,
    });
    expect(await restarted.tap(new MemoryTransport(cards.member.applet))).toMatchObject({ kind: 'already', person: { name: '王芳' } });
    expect(await restarted.tap(new MemoryTransport(cards.secretary.applet))).toMatchObject({ kind: 'checked-in', person: { name: '李书记' } });
    expect(await restarted.tap(new MemoryTransport(cards.visitor.applet))).toMatchObject({ kind: 'refused', reason: 'revoked' });
    expect(await restarted.syncNow()).toMatchObject({ online: false, queueLength: 3, lastError: { code: 'ERR_SERVER_UNREACHABLE' } });
  });

  it('when the server sends its meeting kinds, then the kiosk keeps them with the configuration and refuses an ad-hoc meeting of any other kind, before an event is written', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    // The double starts as a server older than the list: ad-hoc meetings may be of any kind.
    expect(kiosk.meetingKinds()).toBeNull();
    const kinds = [
      { code: 'lecture', nameZh: '党课', nameEn: 'Party lecture' },
      { code: 'study_session', nameZh: '专题学习会' },
    ];
    await world.contract.setConfig({ ...contractContent(cards), meetingKinds: kinds });
    await kiosk.syncNow();
    expect(kiosk.meetingKinds()).toEqual(kinds);

    await expect(kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'theme_day', title: '主题党日' })).rejects.toMatchObject({ code: 'ERR_MEETING_KIND_UNKNOWN' });
    expect(kiosk.status()).toMatchObject({ mode: { kind: 'idle' }, queueLength: 0 });
    await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'study_session', title: '专题学习会' });
    expect(kiosk.status()).toMatchObject({ mode: { kind: 'meeting', meeting: { kind: 'study_session' } }, queueLength: 1 });

    await kiosk.close();
    const restarted = await world.open({ autoSync: false });
    expect(restarted.meetingKinds()).toEqual(kinds);
  });

  it('when the kiosk is not enrolled, then taps answer not-ready and secretary actions say ERR_KIOSK_NOT_ENROLLED', async () => {
    const kiosk = await world.open({ autoSync: false });
    expect(kiosk.status()).toMatchObject({ enrolled: false, config: { available: false } });
    expect(await kiosk.tap(new MemoryTransport(cards.member.applet))).toMatchObject({ kind: 'not-ready', why: 'not-enrolled' });
    await expect(kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' })).rejects.toMatchObject({ code: 'ERR_KIOSK_NOT_ENROLLED' });
  });

  it('when enrolment uses an unknown token, then the server code comes back as ERR_SERVER_REFUSED and the kiosk stays unenrolled', async () => {
    const kiosk = await world.open({ autoSync: false });
    await expect(kiosk.enroll(world.contract.url, 'not-a-token', 'kiosk')).rejects.toMatchObject({
      code: 'ERR_SERVER_REFUSED',
      serverCode: 'ERR_ENROLMENT_TOKEN_UNKNOWN',
      status: 403,
    });
    expect(kiosk.status().enrolled).toBe(false);
    await expect(kiosk.enroll('ftp://example.org', 'token', 'kiosk')).rejects.toMatchObject({ code: 'ERR_SERVER_URL_INVALID' });
  });

  it('when the kiosk is already enrolled, then enrolling again is refused with ERR_KIOSK_ALREADY_ENROLLED', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await expect(kiosk.enroll(world.contract.url, world.contract.createEnrolmentToken(ORG), 'again')).rejects.toMatchObject({ code: 'ERR_KIOSK_ALREADY_ENROLLED' });
  });
});
