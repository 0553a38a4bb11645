import { fiveMembers, partyGroup } from './meetings';

/** Positions the scenarios fill. */
export const positions = {
  office: { id: 'p1', title: '办公室主任', orgUnit: '办公室', level: '正处' },
  personnel: { id: 'p2', title: '人事处副处长', orgUnit: '人事处', level: '副处' },
  finance: { id: 'p3', title: '财务科科长', orgUnit: '财务处', level: '正科' },
};

/** Candidate (personId, branchId) pairs of a scenario, in the order they are vetted. */
export type CandidateRef = readonly [personId: string, branchId: string];

/** The batch tests start most: p1 and p2, c1 (branch b1) and c2 (b2), the secretary m1 and four members. */
export function batchBody(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: '2026年第一批干部选拔',
    year: 2026,
    orgUnit: 'HQ',
    positions: [positions.office, { id: 'p2', title: '人事科科长', orgUnit: '人事处', level: '正科' }],
    candidates: [
      { personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' },
      { personId: 'c2', name: '李二', branchId: 'b2', positionId: 'p2' },
    ],
    partyGroup: partyGroup(),
    ...overrides,
  };
}

/** Three positions, three candidates (one each, in two branches), a five-member party group. */
export const threeCandidates: readonly CandidateRef[] = [
  ['c1', 'b1'],
  ['c2', 'b2'],
  ['c3', 'b1'],
];

/** The plan the cluster drill and the fault tests drive to CLOSED: threeCandidates on the three positions. */
export function threeSeatPlan(
  id: string,
  { title = '演练批次', year = 2026, timerScale = 1 }: { title?: string; year?: number; timerScale?: number } = {},
) {
  const names = ['候选人一', '候选人二', '候选人三'];
  const seats = [positions.office, positions.personnel, positions.finance];
  return {
    id,
    title,
    year,
    orgUnit: 'HQ',
    positions: seats,
    candidates: threeCandidates.map(([personId, branchId], i) => ({
      personId,
      name: names[i]!,
      branchId,
      positionId: seats[i]!.id,
    })),
    partyGroup: partyGroup(fiveMembers),
    ruleset: { timerScale },
  };
}

/**
 * A batch of `n` candidates c0…c(n-1) in branch b1, `perPosition` of them on each position with `seats` seats:
 * what benchmarks start by the hundred.
 */
export function crowdPlan(
  id: string,
  n: number,
  {
    perPosition = n,
    seats,
    members = ['m1', 'm2', 'm3'],
    orgUnit = 'BENCH',
  }: { perPosition?: number; seats?: number; members?: readonly string[]; orgUnit?: string } = {},
) {
  return {
    id,
    title: `bench ${id}`,
    year: 2026,
    orgUnit,
    positions: Array.from({ length: Math.ceil(n / perPosition) }, (_, i) => ({
      id: `p${i}`,
      title: `岗位${i}`,
      orgUnit,
      level: '正科',
      ...(seats !== undefined ? { seats } : {}),
    })),
    candidates: Array.from({ length: n }, (_, i) => ({
      personId: `c${i}`,
      name: `候选人${i}`,
      branchId: 'b1',
      positionId: `p${Math.floor(i / perPosition)}`,
    })),
    partyGroup: partyGroup(members),
  };
}
