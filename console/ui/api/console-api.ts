import type { HttpClient } from './http-client.ts';
import type {
  AlarmPage,
  AlarmQuery,
  AttendanceEntry,
  Card,
  CardRevocation,
  DayWindow,
  EnrolmentToken,
  FindingAction,
  FindingDetail,
  FindingPage,
  FindingQuery,
  FindingSummary,
  FlowMatrix,
  FlowQuery,
  Health,
  ImportReport,
  KioskPage,
  KioskQuery,
  KioskRecord,
  Login,
  LoginResult,
  Meeting,
  MeetingKind,
  Member,
  MemberLink,
  MemberHistory,
  MemberHistoryPart,
  MemberHistoryQuery,
  MemberPage,
  MemberStatusChange,
  MemberStatusCorrection,
  MobileEnding,
  MobileExtension,
  MobilePage,
  MobilePeriod,
  MobileQuery,
  NewEnrolmentToken,
  NewMember,
  NewMobilePeriod,
  NewMeeting,
  NewTransfer,
  NewUser,
  Org,
  OrgChildren,
  OrgHistory,
  OrgHistoryPart,
  OrgHistoryQuery,
  OrgList,
  OrgThresholds,
  PasswordChange,
  PasswordReset,
  RefusedAcceptance,
  RefusedCheckin,
  RoleChange,
  StatusCorrectionRequest,
  ThresholdChange,
  Transfer,
  TransferCancellation,
  TransferPage,
  TransferQuery,
  TransferReturn,
  TransferRules,
  User,
  UserRename,
} from './types.ts';

const enc = encodeURIComponent;

/**
 * Every call the console makes, typed with the server's own schemas. Screens call these and nothing else,
 * so the whole contract with the server is on this page.
 */
export function createConsoleApi(http: HttpClient) {
  return {
    /** public: the console reads the organisation's time zone from it before it shows any time */
    health: () => http.get<Health>('/health'),
    login: (username: string, password: string) => http.post<LoginResult>('/auth/login', { username, password } satisfies Login),
    me: () => http.get<User>('/auth/me'),
    /** a fresh token of the session in use, for 30 minutes more, never past the session's limit */
    renewSession: () => http.post<LoginResult>('/auth/renew'),
    /** ends the session in use on the server: its token stops working everywhere it was copied to */
    signOut: () => http.post<undefined>('/auth/logout'),
    /** every session of the account ends, this one too: the answer is the session to go on with */
    changeOwnPassword: (change: PasswordChange) => http.post<LoginResult>('/auth/password', change),

    users: async (org?: string) => (await http.get<{ users: User[] }>('/users', { org })).users,
    createUser: (user: NewUser) => http.post<User>('/users', user),
    disableUser: (id: number) => http.post<User>(`/users/${id}/disable`),
    enableUser: (id: number) => http.post<User>(`/users/${id}/enable`),
    resetPassword: (id: number, reset: PasswordReset) => http.post<User>(`/users/${id}/password`, reset),
    changeRole: (id: number, change: RoleChange) => http.post<User>(`/users/${id}/role`, change),
    /** another display name, or none with null; one's own too */
    renameUser: (id: number, displayName: string | null) => http.post<User>(`/users/${id}/display-name`, { displayName } satisfies UserRename),
    /** the member the user is, or none with null */
    linkMember: (id: number, member: string | null) => http.post<User>(`/users/${id}/member`, { member } satisfies MemberLink),

    /** every organisation within reach when there are at most `limit`; `truncated` says there are more */
    orgsUpTo: (limit: number) => http.get<OrgList>('/orgs', { limit }),
    /** the top of the reach and `depth` levels below it */
    orgsToDepth: (depth: number) => http.get<OrgList>('/orgs', { depth }),
    /** a few organisations by a part of the name or the start of the code, the exact code first */
    searchOrgs: (q: string) => http.get<OrgList>('/orgs', { q }),
    /** those of the codes within reach (at most 50 at once) */
    orgsByCode: (codes: readonly string[]) => http.get<OrgList>('/orgs', { codes: codes.join(',') }),
    orgChildren: (code: string) => http.get<OrgChildren>(`/orgs/${enc(code)}/children`),
    org: (code: string) => http.get<Org>(`/orgs/${enc(code)}`),

    members: (query: { org?: string; after?: string; limit?: number }) => http.get<MemberPage>('/members', query),
    member: (number: string) => http.get<Member>(`/members/${enc(number)}`),
    createMember: (member: NewMember) => http.post<Member>('/members', member),
    /** the file's text as it is (UTF-8, header line first); the answer reports every row that did not go in */
    importMembers: (csv: string) => http.postText<ImportReport>('/members/import', csv, 'text/csv'),
    /** suspended, active again, left or deceased from a day; left and deceased are final and revoke the card */
    changeMemberStatus: (number: string, change: MemberStatusChange) => http.post<Member>(`/members/${enc(number)}/status`, change),
    /** admins: a leaving or death recorded by mistake, put right */
    correctMemberStatus: (number: string, reason: string) =>
      http.post<MemberStatusCorrection>(`/members/${enc(number)}/status/correction`, { reason } satisfies StatusCorrectionRequest),

    /** lost or revoked: the card goes onto the signed list kiosks sync, and never comes back */
    revokeCard: (csn: string, reason: CardRevocation['reason']) => http.post<Card>(`/cards/${enc(csn)}/revoke`, { reason } satisfies CardRevocation),

    meetingKinds: async () => (await http.get<{ kinds: MeetingKind[] }>('/meeting-kinds')).kinds,
    meetings: (query: { org?: string; from?: string; to?: string; after?: string; limit?: number }) => http.get<{ meetings: Meeting[]; next: string | null }>('/meetings', query),
    scheduleMeeting: (meeting: NewMeeting) => http.post<Meeting>('/meetings', meeting),
    attendance: async (meeting: string) => (await http.get<{ attendance: AttendanceEntry[] }>(`/meetings/${enc(meeting)}/attendance`)).attendance,
    /** check-ins the kiosk showed as done that the server refused, by tap time */
    refusedCheckins: async (meeting: string) => (await http.get<{ refused: RefusedCheckin[] }>(`/meetings/${enc(meeting)}/refused-checkins`)).refused,

    memberHistory: (number: string, query: MemberHistoryQuery) => http.get<MemberHistory>(`/members/${enc(number)}/history`, { ...query }),
    memberHistoryCsv: (number: string, part: MemberHistoryPart, query: Omit<MemberHistoryQuery, 'cursor' | 'limit'> = {}) =>
      http.download(`/members/${enc(number)}/history`, { ...query, part, format: 'csv' }),
    memberBundle: (number: string, window: DayWindow = {}) => http.download(`/members/${enc(number)}/bundle`, { ...window }),
    orgBundle: (code: string, window: DayWindow = {}) => http.download(`/orgs/${enc(code)}/bundle`, { ...window }),
    orgHistory: (code: string, query: OrgHistoryQuery) => http.get<OrgHistory>(`/orgs/${enc(code)}/history`, { ...query }),
    orgHistoryCsv: (code: string, part: OrgHistoryPart, query: OrgHistoryQuery) => http.download(`/orgs/${enc(code)}/history`, { ...query, part, format: 'csv' }),

    transferRules: () => http.get<TransferRules>('/transfer-rules'),
    transfers: (query: TransferQuery) => http.get<TransferPage>('/transfers', { ...query }),
    issueTransfer: (letter: NewTransfer) => http.post<Transfer>('/transfers', letter),
    acceptTransfer: (id: string) => http.post<Transfer>(`/transfers/${enc(id)}/accept`),
    returnTransfer: (id: string, reason: string) => http.post<Transfer>(`/transfers/${enc(id)}/return`, { reason } satisfies TransferReturn),
    cancelTransfer: (id: string, reason?: string) => http.post<Transfer>(`/transfers/${enc(id)}/cancel`, (reason ? { reason } : {}) satisfies TransferCancellation),
    transferLetter: (id: string, format: 'html' | 'pdf') => http.download(`/transfers/${enc(id)}/letter.${format}`),
    /** acceptances at the receiving organisation's kiosks that the server refused, by tap time */
    refusedAcceptances: async (id: string) => (await http.get<{ refused: RefusedAcceptance[] }>(`/transfers/${enc(id)}/refused-acceptances`)).refused,

    mobilePeriods: (query: MobileQuery) => http.get<MobilePage>('/mobile-periods', { ...query }),
    registerMobile: (member: string, period: NewMobilePeriod) => http.post<MobilePeriod>(`/members/${enc(member)}/mobile-periods`, period),
    extendMobile: (id: number, to: string) => http.post<MobilePeriod>(`/mobile-periods/${id}/extend`, { to } satisfies MobileExtension),
    endMobile: (id: number, on: string) => http.post<MobilePeriod>(`/mobile-periods/${id}/end`, { on } satisfies MobileEnding),

    flows: (query: FlowQuery) => http.get<FlowMatrix>('/flows', { ...query }),
    flowsCsv: (query: FlowQuery) => http.download('/flows', { ...query, format: 'csv' }),

    findings: (query: FindingQuery) => http.get<FindingPage>('/findings', { ...query }),
    findingSummary: (query: { org?: string; subtree?: 'true' | 'false' }) => http.get<FindingSummary>('/findings/summary', query),
    finding: (id: number) => http.get<FindingDetail>(`/findings/${id}`),
    acknowledgeFinding: (id: number, note?: string) => http.post<FindingDetail>(`/findings/${id}/acknowledge`, (note ? { note } : {}) satisfies FindingAction),
    resolveFinding: (id: number, note?: string) => http.post<FindingDetail>(`/findings/${id}/resolve`, (note ? { note } : {}) satisfies FindingAction),
    thresholds: (org: string) => http.get<OrgThresholds>('/diagnostics/thresholds', { org }),
    setThresholds: (change: ThresholdChange) => http.put<undefined>('/diagnostics/thresholds', change),

    kiosks: (query: KioskQuery) => http.get<KioskPage>('/kiosks', { ...query }),
    createEnrolmentToken: (request: NewEnrolmentToken) => http.post<EnrolmentToken>('/kiosks/enrolment-tokens', request),
    disableKiosk: (kid: string) => http.post<KioskRecord>(`/kiosks/${enc(kid)}/disable`),
    alarms: (query: AlarmQuery) => http.get<AlarmPage>('/alarms', { ...query }),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
