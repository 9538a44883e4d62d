/**
 * The shape of a generated province, decided in memory before anything is written: the organisation tree
 * (province → cities → counties → committees → general branches → branches), which branch each member
 * belongs to and how each member behaves over the year (regular, falling silent, away as a mobile member,
 * transferred, suspended, left), and how each branch keeps its meetings. Days are counted from the
 * anchor (day 0 = the anchor's UTC midnight; the year of data is days −365 … −1).
 */
import { chineseNames } from '../demo/chinese-names.ts';

export type OrgKind = 'province' | 'city' | 'county' | 'committee' | 'general_branch' | 'branch';

export interface ProvinceSizes {
  members: number;
  orgs: number;
  attendance: number;
}

export interface OrgTree {
  /** index 0 unused; ids are 1 … count, parents before children */
  count: number;
  kind: OrgKind[];
  parent: Int32Array;
  code: string[];
  name: string[];
  path: string[];
  depth: Uint8Array;
  /** ids of the branches, in id order */
  branches: Int32Array;
  /** day the organisation was set up in the system (most at the roll-out, some branches during the year) */
  createdDay: Int16Array;
}

/** What a member does over the year. */
export const Profile = {
  regular: 0,
  /** attends until `stopDay`, then nothing (the six-month rule's subjects) */
  silent: 1,
  /** never took part since the system started */
  never: 2,
  suspended: 3,
  left: 4,
  deceased: 5,
  /** registered as mobile elsewhere for [awayFrom, awayTo): attends there (or, if inactive, nowhere) */
  mobile: 6,
} as const;

export interface MemberPlan {
  count: number;
  /** current home branch (org id), index = member id */
  home: Int32Array;
  profile: Uint8Array;
  /** first day the member could attend at home (joined, or transferred in) */
  fromDay: Int16Array;
  /** first day the member no longer attends anywhere (silent, left, deceased); NO_DAY when never */
  stopDay: Int16Array;
  /** mobile members: the window away from home, and whether they attend at the host */
  awayFrom: Int16Array;
  awayTo: Int16Array;
  activeAway: Uint8Array;
  /** 0.55 … 1: how many of the meetings open to them a member attends */
  engagement: Float32Array;
  /** first member id of each branch (by branch index), and one past the last */
  branchStart: Int32Array;
  /** members (ids) with no card in the data set: the benchmark issues them real ones */
  cohortFirst: number;
}

export const NO_DAY = 32_767;

export const ROLLOUT_DAY = -420;

const CITY_NAMES = ['东州', '西陵', '南浦', '北原', '青川', '白水', '金坪', '云台', '临江', '安澜', '海宁'];
const COUNTY_SUFFIX = ['安', '平', '宁', '和', '丰', '阳', '泉', '山', '城', '源', '溪', '桥', '川'];
const TOWN_NAMES = ['城关', '新桥', '石门', '永兴', '龙泉', '黄田', '柳岸', '红星', '东风', '长乐', '清河', '梅林'];
const UNITS = ['镇党委', '街道党工委', '公司党委', '医院党委', '学校党委', '乡党委'];
const VILLAGES = ['村', '社区', '车间', '科室', '班组', '教研室', '项目部'];

export function shapeTree(sizes: ProvinceSizes, random: () => number): OrgTree {
  const total = sizes.orgs;
  const cities = Math.min(CITY_NAMES.length, Math.max(1, Math.round(total / 18_000)));
  const counties = Math.max(cities, Math.round(total / 2200));
  const committees = Math.max(counties, Math.round(total / 64));
  const generals = Math.max(committees, Math.round(total / 21));
  const branches = total - 1 - cities - counties - committees - generals;
  if (branches < generals) throw new RangeError(`${total} organisations are too few for a province's shape`);

  const kind: OrgKind[] = [undefined as unknown as OrgKind];
  const parent = new Int32Array(total + 1);
  const code: string[] = [''];
  const name: string[] = [''];
  const path: string[] = [''];
  const depth = new Uint8Array(total + 1);
  const createdDay = new Int16Array(total + 1).fill(ROLLOUT_DAY);
  const childCount = new Int32Array(total + 1);
  let next = 1;

  const add = (k: OrgKind, parentId: number, nameOf: (ordinal: number) => string): number => {
    const id = next++;
    const ordinal = parentId === 0 ? 1 : ++childCount[parentId]!;
    kind.push(k);
    parent[id] = parentId;
    depth[id] = parentId === 0 ? 0 : depth[parentId]! + 1;
    path.push(`${parentId === 0 ? '/' : path[parentId]!}${id}/`);
    const width = k === 'branch' ? 3 : k === 'committee' ? 3 : 2;
    code.push(parentId === 0 ? '33' : `${code[parentId]!}${depth[id]! >= 3 ? '-' : ''}${String(ordinal).padStart(width, '0')}`);
    name.push(nameOf(ordinal));
    return id;
  };
  const pickAmong = (first: number, count: number): number => first + Math.floor(random() * count);

  add('province', 0, () => '之江省委');
  const cityFirst = next;
  for (let c = 0; c < cities; c++) add('city', 1, () => `${CITY_NAMES[c]!}市委`);
  // Each level is created in its parents' order, so a subtree's ids are close together (as an import would make them).
  const level = (k: OrgKind, count: number, parentFirst: number, parentCount: number, nameOf: (parentId: number, ordinal: number) => string): number => {
    const parents = Array.from({ length: count }, (_, n) => (n < parentCount ? parentFirst + n : pickAmong(parentFirst, parentCount))).sort((a, b) => a - b);
    const first = next;
    for (const parentId of parents) add(k, parentId, (ordinal) => nameOf(parentId, ordinal));
    return first;
  };
  const countyFirst = level('county', counties, cityFirst, cities, (p, n) => `${name[p]!.slice(0, 2)}${COUNTY_SUFFIX[n % COUNTY_SUFFIX.length]!}${n > COUNTY_SUFFIX.length ? n : ''}县委`);
  const committeeFirst = level('committee', committees, countyFirst, counties, (_, n) => `${TOWN_NAMES[n % TOWN_NAMES.length]!}${UNITS[Math.floor(random() * UNITS.length)]!}`);
  const generalFirst = level('general_branch', generals, committeeFirst, committees, (_, n) => `第${n}党总支`);
  // About a third of the branches sit directly under a committee, the rest under a general branch.
  const underCommittee = Math.round(branches * 0.35);
  const branchParents = Array.from({ length: branches }, (_, n) => (n < generals ? generalFirst + n : n < generals + underCommittee ? pickAmong(committeeFirst, committees) : pickAmong(generalFirst, generals))).sort(
    (a, b) => a - b,
  );
  const branchFirst = next;
  for (const parentId of branchParents) {
    add('branch', parentId, (n) => (random() < 0.5 ? `第${n}党支部` : `${TOWN_NAMES[Math.floor(random() * TOWN_NAMES.length)]!}${VILLAGES[Math.floor(random() * VILLAGES.length)]!}党支部`));
  }
  const branchIds = Int32Array.from({ length: branches }, (_, n) => branchFirst + n);
  // A few branches were set up during the year.
  for (const id of branchIds) if (random() < 0.02) createdDay[id] = -Math.floor(30 + random() * 300);
  return { count: total, kind, parent, code, name, path, depth, branches: branchIds, createdDay };
}

/** A standard normal deviate (Box–Muller). */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export const dayOf = (random: () => number, from: number, to: number): number => from + Math.floor(random() * (to - from));

/**
 * Members per branch follow a skewed distribution (most branches small, a few large); each member's
 * year is drawn from the profile mix. The last `cohort` members get no card here.
 */
export function shapeMembers(sizes: ProvinceSizes, tree: OrgTree, cohort: number, random: () => number): MemberPlan {
  const count = sizes.members;
  const branchCount = tree.branches.length;
  if (count < branchCount) throw new RangeError(`${count} members are too few for ${branchCount} branches`);
  const weights = Float64Array.from({ length: branchCount }, () => Math.exp(0.8 * normal(random)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const spare = count - branchCount;
  const sizesOf = Int32Array.from(weights, (w) => 1 + Math.floor((w / totalWeight) * spare));
  for (let left = count - sizesOf.reduce((a, b) => a + b, 0); left > 0; left--) sizesOf[Math.floor(random() * branchCount)]! += 1;

  const home = new Int32Array(count + 1);
  const branchStart = new Int32Array(branchCount + 1);
  let id = 1;
  for (let b = 0; b < branchCount; b++) {
    branchStart[b] = id;
    for (let k = 0; k < sizesOf[b]!; k++) home[id++] = tree.branches[b]!;
  }
  branchStart[branchCount] = id;

  const profile = new Uint8Array(count + 1);
  const fromDay = new Int16Array(count + 1);
  const stopDay = new Int16Array(count + 1).fill(NO_DAY);
  const awayFrom = new Int16Array(count + 1).fill(NO_DAY);
  const awayTo = new Int16Array(count + 1).fill(NO_DAY);
  const activeAway = new Uint8Array(count + 1);
  const engagement = new Float32Array(count + 1);
  for (let m = 1; m <= count; m++) {
    const r = random();
    const created = tree.createdDay[home[m]!]!;
    fromDay[m] = Math.max(created, random() < 0.04 ? dayOf(random, -365, -20) : -9999);
    engagement[m] = 0.55 + 0.45 * random();
    if (r < 0.885) profile[m] = Profile.regular;
    else if (r < 0.955) {
      profile[m] = Profile.silent;
      stopDay[m] = dayOf(random, -340, -50);
    } else if (r < 0.96) profile[m] = Profile.never;
    else if (r < 0.967) profile[m] = Profile.suspended;
    else if (r < 0.977) {
      profile[m] = Profile.left;
      stopDay[m] = dayOf(random, -330, -20);
    } else if (r < 0.98) {
      profile[m] = Profile.deceased;
      stopDay[m] = dayOf(random, -330, -20);
    } else {
      profile[m] = Profile.mobile;
      awayFrom[m] = dayOf(random, -330, -10);
      awayTo[m] = awayFrom[m]! + dayOf(random, 60, 366);
      activeAway[m] = random() < 0.8 ? 1 : 0;
    }
    if (stopDay[m] !== NO_DAY && stopDay[m]! <= fromDay[m]!) stopDay[m] = fromDay[m]! + 1;
  }
  return { count, home, profile, fromDay, stopDay, awayFrom, awayTo, activeAway, engagement, branchStart, cohortFirst: count - cohort + 1 };
}

/** Names for members, drawn in blocks so a million of them need not be unique. */
export function nameSource(random: () => number): () => string {
  const pool = chineseNames(20_000, random);
  return () => pool[Math.floor(random() * pool.length)]!;
}
