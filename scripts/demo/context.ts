// What every flow of seed:demo shares: the API client, who acts, the year, the party group, the progress bar.
import type { Actor } from '../../domain/roles';
import {
  BatchDriver,
  allVote,
  ballots,
  branchSecretary,
  httpClient,
  meeting,
  today,
  tokenSigner,
  type Cast,
  type DriverOptions,
  type Vote,
} from '../../testkit';

/** The seven members of the demo's party group, the secretary m1 first. */
export const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
export const partyGroup = members.map((memberId, i) =>
  i === 0 ? { memberId, name: '党组书记', isSecretary: true } : { memberId, name: `党组成员${i + 1}` },
);

/** One item's ballots of the demo's group, the secretary last; recused members leave the item. */
export const item = (personId: string, votes: Partial<Record<string, Vote>> = {}, recused: string[] = []) =>
  ballots(personId, { members, votes, recused });
/** Every member of the demo's group votes `vote` but those in `but`. */
export const everyone = (vote: Vote, but: Partial<Record<string, Vote>> = {}) => allVote(vote, but, members);

/** Named people, and a second discipline signatory for the integrity conclusion. */
export const cast: Cast = {
  officer: { id: 'officer-li', name: '李干事', roles: ['ORG_OFFICER'] },
  head: { id: 'head-wang', name: '王处长', roles: ['ORG_HEAD'] },
  auditor: { id: 'auditor', roles: ['AUDITOR'] },
  discipline: { id: 'discipline-zhao', name: '赵组长', roles: ['DISCIPLINE_GROUP'] },
  integrity: { id: 'discipline-qian', name: '钱副组长', roles: ['DISCIPLINE_GROUP'] },
  secretary: { id: 'm1', roles: ['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], memberId: 'm1' },
  branchSecretary,
};

export type Demo = ReturnType<typeof demoContext>;

export function demoContext({
  api,
  secret,
  prefix,
  timerScale,
}: {
  api: string;
  secret: string;
  prefix: string;
  timerScale: number;
}) {
  const day = today();
  const year = Number(day.slice(0, 4));
  const token = tokenSigner(secret, '2h');
  const http = httpClient({ urls: api, token });
  const progress = { done: 0, total: 0 };
  return {
    api,
    http,
    token: (actor: Actor) => token(actor),
    today: day,
    year,
    timerScale,
    progress,
    id: (name: string) => `${prefix}-${year}-${name}`,
    /** Drives a batch of the demo's (name: its id's tail); reads wait up to 3 minutes. */
    batch(name: string, plan: Record<string, unknown>, options: Omit<DriverOptions, 'plan' | 'cast' | 'members'> = {}) {
      return new BatchDriver(http, `${prefix}-${year}-${name}`, {
        plan: { id: `${prefix}-${year}-${name}`, ...plan },
        cast,
        members,
        stepTimeoutMs: 180_000,
        ...options,
      });
    },
    /** The whole group, today, with its minutes; the secretary states last on every item. */
    meeting: (meetingId: string, items: ReturnType<typeof ballots>[]) => ({
      ...meeting(meetingId, items, { members }),
      minutesRef: `党组会议纪要〔${year}〕${meetingId}`,
    }),
    step(label: string) {
      progress.done++;
      const width = 30;
      const filled = Math.round((progress.done / Math.max(progress.total, 1)) * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(progress.done).padStart(3)}/${progress.total} ${label}`;
      if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(110).slice(0, 110)}`);
      else process.stdout.write(`${line}\n`);
    },
  };
}
