import { secretary } from './actors';
import { today } from './dates';

export type Vote = 'AGREE' | 'DISAGREE' | 'DEFER';

/** m1 (the secretary) to m5: the party group of most scenarios. */
export const fiveMembers = ['m1', 'm2', 'm3', 'm4', 'm5'];

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A party group of these members, the first one its secretary (书记), the others 成员二, 成员三… unless named. */
export function partyGroup(members: readonly string[] = fiveMembers, names: Record<string, string> = {}) {
  return members.map((memberId, i) =>
    i === 0
      ? { memberId, name: names[memberId] ?? '书记', isSecretary: true }
      : { memberId, name: names[memberId] ?? `成员${numerals[i] ?? i + 1}` },
  );
}

/**
 * One item's ballots: every member but the recused ones, the secretary (the first member) stating last
 * (domain.md §4); AGREE unless `votes` says otherwise.
 */
export function ballots(
  personId: string,
  {
    members = fiveMembers,
    votes = {},
    recused = [],
  }: { members?: readonly string[]; votes?: Partial<Record<string, Vote>>; recused?: readonly string[] } = {},
) {
  const [chair, ...others] = members;
  return {
    personId,
    ballots: [...others, chair!]
      .filter((m) => !recused.includes(m))
      .map((memberId) => ({ memberId, vote: votes[memberId] ?? ('AGREE' as Vote) })),
  };
}

/** Every member votes `vote` except those in `but`. */
export const allVote = (
  vote: Vote,
  but: Partial<Record<string, Vote>> = {},
  members: readonly string[] = fiveMembers,
) => ({
  ...Object.fromEntries(members.map((m) => [m, vote])),
  ...but,
});

/** A meeting of the whole group on these items; held today unless told otherwise. */
export function meeting(
  meetingId: string,
  items: ReturnType<typeof ballots>[],
  { heldOn = today(), members = fiveMembers }: { heldOn?: string; members?: readonly string[] } = {},
) {
  return { meetingId, heldOn, attendance: [...members], votes: items };
}

/** Five members present, everyone agrees, the secretary (m1) votes last; with the actor, as a workflow update takes it. */
export function unanimousMeeting(meetingId: string, personIds: string[], heldOn = today()) {
  return {
    ...meeting(
      meetingId,
      personIds.map((personId) => ballots(personId)),
      { heldOn },
    ),
    actor: secretary,
  };
}
