/**
 * The demo county's shape: a county committee, township and park committees, general branches and
 * branches, as codes and Chinese names. Pure data: the seeder turns it into API calls.
 */
export interface DemoOrg {
  code: string;
  name: string;
  kind: 'county' | 'committee' | 'general_branch' | 'branch';
  parent?: string;
}

const COMMITTEES = [
  { code: 'DC', name: '东城镇党委', generals: ['东城社区党总支', '东城农业党总支'] },
  { code: 'XC', name: '西城镇党委', generals: ['西城社区党总支', '西城机关党总支'] },
  { code: 'JK', name: '县经济开发区党工委', generals: ['开发区企业党总支'] },
];

export const DEMO_COUNTY: DemoOrg[] = [
  { code: 'CG', name: '城关县委', kind: 'county' },
  ...COMMITTEES.flatMap((committee, c): DemoOrg[] => [
    { code: committee.code, name: committee.name, kind: 'committee', parent: 'CG' },
    ...committee.generals.flatMap((general, g): DemoOrg[] => {
      const generalCode = `${committee.code}-${g + 1}`;
      return [
        { code: generalCode, name: general, kind: 'general_branch', parent: committee.code },
        ...['第一党支部', '第二党支部', '第三党支部'].slice(0, 2 + ((c + g) % 2)).map((branch, b): DemoOrg => ({
          code: `${generalCode}-${b + 1}`,
          name: `${general.replace('党总支', '')}${branch}`,
          kind: 'branch',
          parent: generalCode,
        })),
      ];
    }),
  ]),
];

export const DEMO_BRANCHES = DEMO_COUNTY.filter((org) => org.kind === 'branch');
/** The branch whose meeting room the demo kiosk stands in. */
export const DEMO_KIOSK_BRANCH = DEMO_BRANCHES[0]!;
