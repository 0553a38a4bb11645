import type { PublicityWindow } from '../../domain/calendar';
import { roles } from '../../domain/roles';
import type { Actor, Role } from '../../domain/roles';
import { head, officer, secretary, unanimousMeeting as unanimousMeetingOn } from './workflow-actors';

export const unanimousMeeting = (meetingId: string, personIds: string[], heldOn = '2026-11-25') =>
  unanimousMeetingOn(meetingId, personIds, heldOn);

/** Ballots of m1…m5 in order m2…m5 then the secretary, each member's vote given. */
export function meeting(meetingId: string, items: { personId: string; votes?: string[] }[], extra: object = {}) {
  return {
    meetingId,
    heldOn: '2026-11-25',
    attendance: ['m1', 'm2', 'm3', 'm4', 'm5'],
    votes: items.map(({ personId, votes = ['AGREE', 'AGREE', 'AGREE', 'AGREE', 'AGREE'] }) => ({
      personId,
      ballots: ['m2', 'm3', 'm4', 'm5', 'm1'].map((memberId, i) => ({ memberId, vote: votes[i] })),
    })),
    actor: secretary,
    ...extra,
  };
}

export const objection = (extra: object = {}) => ({
  objectionId: 'obj-a',
  personId: 'p1',
  content: '反映张三在原单位存在违规发放津补贴问题',
  ...extra,
});
export const resolution = (resolution: string, extra: object = {}) => ({
  objectionId: 'obj-a',
  resolution,
  note: '经核查',
  actor: head,
  ...extra,
});
export const appointment = (extra: object = {}) => ({
  personId: 'p1',
  documentNo: '局党组〔2026〕45号',
  noticeDate: '2026-12-04',
  actor: officer,
  ...extra,
});
export const as = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: `u-${role.toLowerCase()}`,
  roles: [role],
  ...(role === 'BRANCH_SECRETARY' ? { branchId: 'b1' } : {}),
  ...(role === 'PARTY_GROUP_SECRETARY' || role === 'PARTY_GROUP_MEMBER' ? { memberId: 'm1' } : {}),
  ...extra,
});
export type Who = Role | 'public';
export const actorOf = (who: Who): Actor | undefined => (who === 'public' ? undefined : as(who));
export const everyone: Who[] = [...roles, 'public'];

export const PUBLICITY_5: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 5,
  endsOn: '2026-12-03',
  endsAt: '2026-12-03T16:00:00.000Z',
  counted: ['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'],
};
export const PUBLICITY_7: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 7,
  endsOn: '2026-12-07',
  endsAt: '2026-12-07T16:00:00.000Z',
  counted: [...PUBLICITY_5.counted, '2026-12-04', '2026-12-07'],
};
