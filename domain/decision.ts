import { z } from 'zod';
import type { relationSchema } from './batch';

// Pure and deterministic: imported by workflow code. No I/O, no clock, no randomness.

/** 同意 / 不同意 / 缓议 */
export const votes = ['AGREE', 'DISAGREE', 'DEFER'] as const;
export type Vote = (typeof votes)[number];

export const itemOutcomes = ['APPROVED', 'REJECTED', 'DEFERRED'] as const;
export type ItemOutcome = (typeof itemOutcomes)[number];

export type Relation = z.output<typeof relationSchema>;

/** [REG] quorum: at least two thirds of the members attend. */
export function quorumMet(present: number, members: number): boolean {
  return members > 0 && present * 3 >= members * 2;
}

/** [REG] more than half of ALL members due to attend (应到会), not of those present. */
export function approved(agree: number, members: number): boolean {
  return agree * 2 > members;
}

export function minimumPresent(members: number): number {
  return Math.ceil((members * 2) / 3);
}

export function minimumAgree(members: number): number {
  return Math.floor(members / 2) + 1;
}

/**
 * [REG 《公务员法》 art. 74] a member who is the candidate (relation kind SELF) or a relative of the candidate may not
 * discuss or vote on that item. Every relation kind in the batch plan is a ground for recusal.
 */
export function mustRecuse(
  memberId: string,
  personId: string,
  relations: readonly Pick<Relation, 'memberId' | 'personId'>[],
): boolean {
  return relations.some((r) => r.memberId === memberId && r.personId === personId);
}

/**
 * Outcome of one validly voted item.
 * [DESIGN] interpretation of 暂缓表决 ("if opinions diverge widely"), which the regulation does not quantify:
 * - APPROVED when agree * 2 > members (all members, recused included) [REG];
 * - otherwise DEFERRED when more than half of the ballots cast are 缓议;
 * - otherwise, with `deferIfDivergent`, DEFERRED unless more than half of the ballots cast are 不同意 (no clear
 *   rejection means opinions diverge);
 * - otherwise REJECTED.
 */
export function itemOutcome(input: {
  agree: number;
  disagree: number;
  defer: number;
  members: number;
  deferIfDivergent?: boolean;
}): ItemOutcome {
  const { agree, disagree, defer, members } = input;
  if (approved(agree, members)) return 'APPROVED';
  const cast = agree + disagree + defer;
  if (defer * 2 > cast) return 'DEFERRED';
  if (input.deferIfDivergent === true && !(disagree * 2 > cast)) return 'DEFERRED';
  return 'REJECTED';
}

export const decisionViolationCodes = [
  'meeting.in_future',
  'meeting.before_vetting',
  'meeting.before_previous_meeting',
  'quorum.not_met',
  'quorum.not_met_for_item',
  'recusal.required',
  'vetting.incomplete',
  'agenda.unknown_candidate',
  'agenda.duplicate_item',
  'secretary.not_last',
  'ballot.missing',
  'ballot.duplicate',
  'ballot.not_present',
  'ballot.unknown_member',
  'attendance.unknown_member',
  'attendance.duplicate',
] as const;
export type DecisionViolationCode = (typeof decisionViolationCodes)[number];

export interface Violation {
  code: DecisionViolationCode;
  message: string;
  /** Path into the meeting payload (`attendance`, `votes[i].ballots[j]`). */
  path?: (string | number)[];
}

export interface Ballot {
  memberId: string;
  vote: Vote;
}

export interface MeetingInput {
  members: readonly { memberId: string; isSecretary: boolean }[];
  attendance: readonly string[];
  /**
   * Candidates of the batch that could be decided; an item for anyone else is an ad-hoc nomination. `readyOn`: the
   * day (YYYY-MM-DD) the candidate's last vetting step was recorded, or the earlier meeting that deferred them.
   */
  agenda: readonly { personId: string; vetted: boolean; readyOn?: { date: string; after: 'vetting' | 'meeting' } }[];
  relations: readonly Relation[];
  /** One entry per item decided at this meeting; ballots in the order they were cast. */
  votes: readonly { personId: string; ballots: readonly Ballot[] }[];
  deferIfDivergent?: boolean;
  /**
   * The meeting's date and today (YYYY-MM-DD, Asia/Shanghai). Given both, a meeting dated after today
   * (`meeting.in_future`) or before an item's `readyOn` (`meeting.before_vetting`, `meeting.before_previous_meeting`)
   * is refused: tenure counts from the decision date (domain.md §2.4).
   */
  dates?: { heldOn: string; today: string };
  settings?: {
    /** [DESIGN, conservative, default true] a recused member counts as absent for that item's quorum. */
    recusedCountsAsAbsent: boolean;
  };
}

export interface ItemDecision {
  personId: string;
  outcome: ItemOutcome;
  agree: number;
  disagree: number;
  defer: number;
  /** Attendance counted for this item's quorum (recused members excluded when they count as absent). */
  present: number;
  /** Attending members who withdrew from this item, in member-list order. */
  recused: string[];
}

export type MeetingDecision = { ok: true; outcomes: ItemDecision[] } | { ok: false; violations: Violation[] };

/**
 * Checks a party group meeting record against §2.2 and computes each item's outcome. The record is all or nothing:
 * any violation refuses it. A meeting without quorum decides nothing (`quorum.not_met`); an item that loses its
 * quorum through recusal cannot be decided at this meeting (`quorum.not_met_for_item`) and must be left out of the
 * record so it stays on the agenda for a later meeting.
 */
export function decideMeeting(input: MeetingInput): MeetingDecision {
  const recusedCountsAsAbsent = input.settings?.recusedCountsAsAbsent ?? true;
  const members = input.members.length;
  const memberIds = new Set(input.members.map((m) => m.memberId));
  const secretaryIds = new Set(input.members.filter((m) => m.isSecretary).map((m) => m.memberId));
  const violations: Violation[] = [];
  const violation = (code: DecisionViolationCode, message: string, path: (string | number)[]): void => {
    violations.push({ code, message, path });
  };

  const present = new Set<string>();
  input.attendance.forEach((memberId, i) => {
    if (!memberIds.has(memberId))
      violation('attendance.unknown_member', `${memberId} is not a member of the party group`, ['attendance', i]);
    else if (present.has(memberId)) violation('attendance.duplicate', `${memberId} is listed twice`, ['attendance', i]);
    else present.add(memberId);
  });
  const dates = input.dates;
  if (dates && dates.heldOn > dates.today)
    violation('meeting.in_future', `the meeting is dated ${dates.heldOn}, after today (${dates.today})`, ['heldOn']);
  const meetingQuorum = quorumMet(present.size, members);
  if (!meetingQuorum)
    violation(
      'quorum.not_met',
      `${present.size} of ${members} members attended; at least ${minimumPresent(members)} are required`,
      ['attendance'],
    );

  const attending = input.members.map((m) => m.memberId).filter((id) => present.has(id));
  const agenda = new Map(input.agenda.map((a) => [a.personId, a]));
  const decided = new Set<string>();
  const tallies: ItemDecision[] = [];

  input.votes.forEach((item, i) => {
    const path = ['votes', i];
    const entry = agenda.get(item.personId);
    if (entry === undefined) {
      violation('agenda.unknown_candidate', `${item.personId} is not a candidate of this batch`, [...path, 'personId']);
      return;
    }
    if (decided.has(item.personId)) {
      violation('agenda.duplicate_item', `${item.personId} is voted on twice`, [...path, 'personId']);
      return;
    }
    decided.add(item.personId);
    if (!entry.vetted)
      violation('vetting.incomplete', `${item.personId} has not completed vetting`, [...path, 'personId']);
    if (dates && entry.readyOn && dates.heldOn < entry.readyOn.date)
      violation(
        entry.readyOn.after === 'vetting' ? 'meeting.before_vetting' : 'meeting.before_previous_meeting',
        entry.readyOn.after === 'vetting'
          ? `the meeting is dated ${dates.heldOn}, before ${item.personId}'s last vetting step (${entry.readyOn.date})`
          : `the meeting is dated ${dates.heldOn}, before the meeting that deferred ${item.personId} (${entry.readyOn.date})`,
        ['heldOn'],
      );

    const recused = attending.filter((id) => mustRecuse(id, item.personId, input.relations));
    const eligible = attending.filter((id) => !recused.includes(id));
    const presentForItem = recusedCountsAsAbsent ? eligible.length : attending.length;
    if (meetingQuorum && !quorumMet(presentForItem, members))
      violation(
        'quorum.not_met_for_item',
        `after ${recused.length} recusal(s) ${presentForItem} of ${members} members remain; at least ${minimumPresent(members)} are required`,
        path,
      );

    const counts: Record<Vote, number> = { AGREE: 0, DISAGREE: 0, DEFER: 0 };
    const voted = new Set<string>();
    for (const [j, { memberId, vote }] of item.ballots.entries()) {
      const ballotPath = [...path, 'ballots', j];
      if (!memberIds.has(memberId)) {
        violation('ballot.unknown_member', `${memberId} is not a member of the party group`, ballotPath);
      } else if (!present.has(memberId)) {
        violation('ballot.not_present', `${memberId} did not attend`, ballotPath);
      } else if (voted.has(memberId)) {
        violation('ballot.duplicate', `${memberId} voted twice`, ballotPath);
      } else if (recused.includes(memberId)) {
        voted.add(memberId);
        violation('recusal.required', `${memberId} must recuse from ${item.personId}`, ballotPath);
      } else {
        voted.add(memberId);
        // [REG] the secretary states last.
        if (secretaryIds.has(memberId) && j !== item.ballots.length - 1)
          violation('secretary.not_last', 'the secretary must state their opinion last', ballotPath);
        counts[vote] += 1;
      }
    }
    eligible
      .filter((id) => !voted.has(id))
      .forEach((id) => violation('ballot.missing', `${id} attended but stated no opinion`, [...path, 'ballots']));

    const tally = { agree: counts.AGREE, disagree: counts.DISAGREE, defer: counts.DEFER };
    tallies.push({
      personId: item.personId,
      outcome: itemOutcome({ ...tally, members, deferIfDivergent: input.deferIfDivergent }),
      ...tally,
      present: presentForItem,
      recused,
    });
  });

  return violations.length > 0 ? { ok: false, violations } : { ok: true, outcomes: tallies };
}

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');

/** The meeting record entered by the secretary (or on their behalf): the edge shape, before `decideMeeting`. */
export const partyGroupDecisionSchema = z.strictObject({
  meetingId: id,
  heldOn: z.iso.date(),
  attendance: z.array(id).min(1).max(50),
  votes: z
    .array(
      z.strictObject({
        personId: id,
        ballots: z.array(z.strictObject({ memberId: id, vote: z.enum(votes) })).max(50),
      }),
    )
    .min(1)
    .max(1000),
  minutesRef: z.string().min(1).max(200).optional(),
});
export type PartyGroupDecision = z.output<typeof partyGroupDecisionSchema>;
