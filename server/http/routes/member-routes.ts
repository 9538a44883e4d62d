import { importMembers } from '../../domain/member-import.ts';
import { changeMemberStatus, correctMemberStatus } from '../../domain/member-status.ts';
import { createMember, findMemberByIdNumber, getMember, listMembers } from '../../domain/members.ts';
import { registerMobilePeriod } from '../../domain/mobile-periods.ts';
import {
  AddMobilePeriodBodySchema,
  ChangeMemberStatusBodySchema,
  CorrectMemberStatusBodySchema,
  CreateMemberBodySchema,
  ImportReportSchema,
  MemberCsvBodySchema,
  MemberListQuerySchema,
  MemberListSchema,
  MemberLookupBodySchema,
  MemberParamsSchema,
  MemberSchema,
  MemberStatusCorrectionSchema,
} from '../../schemas/members.ts';
import { MobilePeriodSchema } from '../../schemas/mobile-periods.ts';
import { today } from '../../org-calendar.ts';
import { mobilePeriodView } from '../mobile-views.ts';
import { userRoute } from '../route.ts';
import { memberStatusCorrectionView, memberSummaryView, memberView } from '../views.ts';

export const memberRoutes = [
  userRoute({
    method: 'post',
    path: '/members',
    summary: 'Register a member with a home organisation',
    description: 'The resident ID number is checked (GB 11643), stored encrypted, and never returned.',
    tags: ['members'],
    action: 'member.create',
    body: { schema: CreateMemberBodySchema },
    responses: [{ status: 201, description: 'created', schema: MemberSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: memberView(await createMember(ctx, principal, body)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/members/import',
    summary: 'Import members from CSV; valid rows are kept, every invalid row is counted and the first 1,000 listed',
    description:
      'The file is read as UTF-8, or in the charset the Content-Type names (`text/csv; charset=gbk` or `gb18030`). A file whose bytes are not in it (a GBK file sent as UTF-8), or that is UTF-16, is refused whole with 400 `ERR_CSV_ENCODING`, which says how to save it as CSV UTF-8. The valid rows are written in one transaction.',
    tags: ['members'],
    action: 'member.import',
    body: { schema: MemberCsvBodySchema, media: 'text/csv', limit: '20mb' },
    responses: [{ status: 200, description: 'the per-row report', schema: ImportReportSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 200, body: await importMembers(ctx, principal, body) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/members/lookup',
    summary: 'Find a member by resident ID number (matched through its keyed hash)',
    tags: ['members'],
    action: 'member.read',
    body: { schema: MemberLookupBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the member', schema: MemberSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 200, body: memberView(await findMemberByIdNumber(ctx, principal, body.idNumber)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/members',
    summary: 'Members whose home organisation is within reach (or below `org`), by member number',
    tags: ['members'],
    action: 'member.read',
    query: MemberListQuerySchema,
    responses: [{ status: 200, description: 'a page of members', schema: MemberListSchema }],
    async handle({ ctx, principal, query }) {
      const page = await listMembers(ctx, principal, query);
      return { status: 200, body: { members: page.members.map(memberSummaryView), next: page.next } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/members/:number',
    summary: 'One member with membership periods and cards',
    tags: ['members'],
    action: 'member.read',
    params: MemberParamsSchema,
    responses: [{ status: 200, description: 'the member', schema: MemberSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: memberView(await getMember(ctx, principal, params.number)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/members/:number/status',
    summary: "Change a member's status (suspended, active again, left, deceased) from a day, with a reason",
    description:
      'Organisers of the home organisation’s subtree and admins. Left and deceased are final: the home period ends on `on`, mobile registrations end, open transfer letters are cancelled and the active card is revoked (kiosks refuse it once they sync the revocation list). A suspended member keeps the card.',
    tags: ['members'],
    action: 'member.status.change',
    params: MemberParamsSchema,
    body: { schema: ChangeMemberStatusBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the member as changed', schema: MemberSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: memberView(await changeMemberStatus(ctx, principal, params.number, body)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/members/:number/status/correction',
    summary: 'Correct a leaving or death recorded by mistake: the member has the status from before it again',
    description:
      'Admins only, with the reason it was a mistake. The status, its day and reason from before the change come back, and the home period the change closed is open again (409 `ERR_MEMBER_MOVED_SINCE` when a home period began after it). The card the change revoked stays revoked, since every kiosk already refuses it: issue the member a new card (`newCardNeeded`). Mobile registrations and transfer letters the change ended stay ended. The trail keeps the mistaken change and the correction, each its own row.',
    tags: ['members'],
    action: 'member.status.correct',
    params: MemberParamsSchema,
    body: { schema: CorrectMemberStatusBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the member as restored, and what stays as the change left it', schema: MemberStatusCorrectionSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: memberStatusCorrectionView(await correctMemberStatus(ctx, principal, params.number, body)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/members/:number/mobile-periods',
    summary: 'Register the member as a mobile member of an inflow organisation',
    tags: ['members'],
    action: 'member.period.add',
    params: MemberParamsSchema,
    body: { schema: AddMobilePeriodBodySchema },
    responses: [{ status: 201, description: 'the new registration', schema: MobilePeriodSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 201, body: mobilePeriodView(await registerMobilePeriod(ctx, principal, params.number, body), today(ctx)) };
    },
  }),
];
