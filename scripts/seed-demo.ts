// Drives a realistic year of selection work through the running API and Temporal, so the annual report has
// something to show: three selection batches (a veto, an upheld objection, a failed vote, a deferral, a recusal, a
// hold), two rank-promotion batches (ineligible candidates marked, a simplified procedure), all to the end; and the
// year's training sessions (培训班) of every kind, each evaluated once it is over.
//   npm start                      # in another terminal
//   npm run seed:demo [-- --api http://127.0.0.1:3000] [--prefix demo] [--timer-scale 0.00002]
//   npm run report -- --year 2026
// Tokens are signed with the dev secret in DATA_DIR (or AUTH_JWT_SECRET). Timers run scaled (ruleset.timerScale):
// each public notice takes seconds, not a week. Only an API started with ALLOW_SCALED_TIMERS=true accepts that (a
// production API refuses it): `ALLOW_SCALED_TIMERS=true npm start`. Such batches are drills: the annual report lists
// them apart and leaves them out of its figures.
import { parseCli, usageError } from '../runtime/cli';
import { signToken } from '../runtime/tokens';
import { loadConfig } from '../config/config';
import type { Actor, Role } from '../domain/roles';
import { resolveAuth } from '../runtime/dev-secret';

const { values } = parseCli({
  usage: `usage: npm run seed:demo -- [--api URL] [--prefix demo] [--timer-scale 0.00002]
  --api URL            the running API (default: HOST and PORT, as \`npm start\` serves it)
  --prefix P           batch ids start with P (pass another to seed a second set)
  --timer-scale S      legal periods run S times as long: above 0, at most 1`,
  options: {
    api: { type: 'string' },
    prefix: { type: 'string', default: 'demo' },
    'timer-scale': { type: 'string', default: '0.00002' },
  },
});
if (values.api !== undefined && !URL.canParse(values.api)) usageError(`--api "${values.api}" is not a URL`);
// Batch ids are `${prefix}-${year}-s1`: letters, digits, ".", "_" or "-", 64 at most.
if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/.test(values.prefix))
  usageError(`--prefix "${values.prefix}" is invalid: letters, digits, ".", "_" or "-", 50 at most`);
const timerScale = Number(values['timer-scale']);
if (!(timerScale > 0 && timerScale <= 1))
  usageError(`--timer-scale "${values['timer-scale']}" is invalid: a number above 0, at most 1`);

const config = loadConfig();
const servedAt = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
const api = (values.api ?? servedAt).replace(/\/$/, '');
const auth = resolveAuth(config);
if (!auth.secret) {
  console.error('seed:demo signs its own tokens: it needs AUTH_JWT_SECRET or the dev secret (not AUTH_JWKS_URL)');
  process.exit(2);
}
const secret = auth.secret;

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const id = (name: string) => `${values.prefix}-${year}-${name}`;
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// ---------- HTTP ----------

async function tokenFor(roles: Role[], sub: string, claims: Omit<Actor, 'id' | 'roles'> = {}) {
  return signToken(secret, { id: sub, roles, ...claims }, '2h');
}
const who = {
  officer: await tokenFor(['ORG_OFFICER'], 'officer-li', { name: '李干事' }),
  head: await tokenFor(['ORG_HEAD'], 'head-wang', { name: '王处长' }),
  discipline: await tokenFor(['DISCIPLINE_GROUP'], 'discipline-zhao', { name: '赵组长' }),
  discipline2: await tokenFor(['DISCIPLINE_GROUP'], 'discipline-qian', { name: '钱副组长' }),
  secretary: await tokenFor(['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], 'm1', { memberId: 'm1' }),
  branch: (branchId: string) => tokenFor(['BRANCH_SECRETARY'], `bs-${branchId}`, { branchId }),
  auditor: await tokenFor(['AUDITOR'], 'auditor'),
};

class ApiError extends Error {}
async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${api}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (res.status >= 400)
    throw new ApiError(`${method} ${path} → ${res.status} ${String(json.code ?? '')}: ${String(json.detail ?? text)}`);
  return json;
}

async function waitFor(path: string, stage: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const batch = await call('GET', path, who.auditor);
    if (batch.stage === stage) return batch as { stage: string; publicity: { endsOn: string }[] };
    if (Date.now() > deadline) throw new ApiError(`${path} still ${String(batch.stage)}, expected ${stage}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

// ---------- progress ----------

let done = 0;
let total = 0;
function step(label: string) {
  done++;
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(3)}/${total} ${label}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(110).slice(0, 110)}`);
  else process.stdout.write(`${line}\n`);
}

// ---------- the party group and the procedures ----------

const partyGroup = [
  { memberId: 'm1', name: '党组书记', isSecretary: true },
  ...['m2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((memberId, i) => ({ memberId, name: `党组成员${i + 2}` })),
];
type Vote = 'AGREE' | 'DISAGREE' | 'DEFER';
/** Every member present; the secretary states last; recused members leave the item. */
function ballots(personId: string, votes: Partial<Record<string, Vote>> = {}, recused: string[] = []) {
  const order = ['m2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm1'].filter((m) => !recused.includes(m));
  return { personId, ballots: order.map((memberId) => ({ memberId, vote: votes[memberId] ?? 'AGREE' })) };
}
const allVote = (vote: Vote, but: Partial<Record<string, Vote>> = {}) => ({
  ...Object.fromEntries(partyGroup.map((m) => [m.memberId, vote])),
  ...but,
});
const meeting = (meetingId: string, votes: ReturnType<typeof ballots>[]) => ({
  meetingId,
  heldOn: today,
  attendance: partyGroup.map((m) => m.memberId),
  votes,
  minutesRef: `党组会议纪要〔${year}〕${meetingId}`,
});
const ruleset = { timerScale };

async function vetSelection(batch: string, personId: string, branchId: string, discipline: 'clear' | 'veto' = 'clear') {
  const path = `/batches/${batch}/candidates/${personId}/checks`;
  if (discipline === 'veto') {
    await call('POST', path, who.discipline, {
      kind: 'DISCIPLINE_OPINION',
      result: 'affects_use',
      reason: '存在违反廉洁纪律问题线索，经初核属实',
    });
    step(`${batch}: ${personId} vetoed by the integrity opinion`);
    return;
  }
  for (const kind of ['ARCHIVE_AUDIT', 'PERSONAL_MATTERS', 'PETITION_CHECK'])
    await call('POST', path, who.officer, { kind, result: 'clear' });
  await call('POST', path, who.discipline, { kind: 'DISCIPLINE_OPINION', result: 'clear' });
  await call('POST', path, await who.branch(branchId), { kind: 'BRANCH_OPINION', result: 'clear' });
  await call('POST', path, who.secretary, { kind: 'INTEGRITY_CONCLUSION', result: 'clear' });
  await call('POST', path, who.discipline2, { kind: 'INTEGRITY_CONCLUSION', result: 'clear' });
  step(`${batch}: ${personId} vetted (凡提四必, branch, integrity)`);
}

async function appointAll(batch: string, personIds: string[]) {
  const ready = await waitFor(`/batches/${batch}`, 'APPOINTING');
  step(`${batch}: public notice over`);
  const noticeDate = dayAfter(ready.publicity[0]!.endsOn);
  for (const [i, personId] of personIds.entries()) {
    await call('POST', `/batches/${batch}/candidates/${personId}/appointment`, who.officer, {
      documentNo: `局党组任〔${year}〕${batch.slice(-2)}${i + 1}号`,
      noticeDate,
    });
    step(`${batch}: ${personId} appointed`);
  }
  await waitFor(`/batches/${batch}`, 'CLOSED');
  step(`${batch}: closed`);
}

/** First batch: a veto, a named objection found unfounded, an anonymous one upheld. */
async function selectionOne() {
  const b = id('s1');
  await call('POST', '/batches', who.officer, {
    id: b,
    title: `${year}年第一批干部选拔`,
    year,
    orgUnit: '局机关',
    positions: [
      { id: 'p1', title: '办公室主任', orgUnit: '办公室', level: '正处' },
      { id: 'p2', title: '人事处副处长', orgUnit: '人事处', level: '副处' },
      { id: 'p3', title: '财务科科长', orgUnit: '财务处', level: '正科' },
    ],
    candidates: [
      { personId: 'zhangwei', name: '张伟', branchId: 'b1', positionId: 'p1' },
      { personId: 'wangfang', name: '王芳', branchId: 'b2', positionId: 'p2' },
      { personId: 'liuqiang', name: '刘强', branchId: 'b1', positionId: 'p3' },
      { personId: 'chenjing', name: '陈静', branchId: 'b3', positionId: 'p2' },
    ],
    partyGroup,
    ruleset,
  });
  step(`${b}: started`);
  await vetSelection(b, 'zhangwei', 'b1');
  await vetSelection(b, 'wangfang', 'b2');
  await vetSelection(b, 'liuqiang', 'b1');
  await vetSelection(b, 'chenjing', 'b3', 'veto');
  await waitFor(`/batches/${b}`, 'DECIDING');
  await call(
    'POST',
    `/batches/${b}/meetings`,
    who.secretary,
    meeting('s1-1', [ballots('zhangwei'), ballots('wangfang'), ballots('liuqiang')]),
  );
  step(`${b}: party group approves 3`);
  await waitFor(`/batches/${b}`, 'PUBLICITY');
  const named = (await call('POST', `/batches/${b}/candidates/wangfang/objections`, undefined, {
    content: '反映其在基层工作期间考勤不严',
    reporterName: '群众甲',
    reporterContact: '电话',
  })) as { objectionId: string };
  const anonymous = (await call('POST', `/batches/${b}/candidates/liuqiang/objections`, undefined, {
    content: '反映其违规操办婚丧喜庆事宜',
  })) as { objectionId: string };
  step(`${b}: two objections during the public notice`);
  await call('POST', `/batches/${b}/objections/${named.objectionId}/resolution`, who.head, {
    resolution: 'unfounded',
    note: '经核查，反映问题不属实',
    feedback: '已当面向反映人反馈核查结果',
  });
  await call('POST', `/batches/${b}/objections/${anonymous.objectionId}/resolution`, who.head, {
    resolution: 'upheld',
    note: '经核查属实，不予任用',
  });
  step(`${b}: objections resolved (one upheld)`);
  await appointAll(b, ['zhangwei', 'wangfang']);
}

/** Second batch: a failed vote, a deferral decided at a second meeting, a recusal. */
async function selectionTwo() {
  const b = id('s2');
  await call('POST', '/batches', who.officer, {
    id: b,
    title: `${year}年第二批干部选拔`,
    year,
    orgUnit: '局机关',
    positions: [
      { id: 'p1', title: '综合处副处长', orgUnit: '综合处', level: '副处' },
      { id: 'p2', title: '法规科科长', orgUnit: '法规处', level: '正科' },
      { id: 'p3', title: '信息科副科长', orgUnit: '信息中心', level: '副科' },
    ],
    candidates: [
      { personId: 'zhaolei', name: '赵磊', branchId: 'b1', positionId: 'p1' },
      { personId: 'sunli', name: '孙丽', branchId: 'b2', positionId: 'p1' },
      { personId: 'zhoumin', name: '周敏', branchId: 'b2', positionId: 'p2' },
      { personId: 'wujun', name: '吴军', branchId: 'b3', positionId: 'p3' },
    ],
    partyGroup,
    relations: [{ memberId: 'm7', personId: 'zhoumin', kind: 'SPOUSE' }],
    ruleset,
  });
  step(`${b}: started`);
  for (const [personId, branchId] of [
    ['zhaolei', 'b1'],
    ['sunli', 'b2'],
    ['zhoumin', 'b2'],
    ['wujun', 'b3'],
  ] as const)
    await vetSelection(b, personId, branchId);
  await waitFor(`/batches/${b}`, 'DECIDING');
  await call(
    'POST',
    `/batches/${b}/meetings`,
    who.secretary,
    meeting('s2-1', [
      ballots('zhaolei'),
      ballots('sunli', allVote('DISAGREE', { m2: 'AGREE', m3: 'AGREE' })),
      ballots('zhoumin', {}, ['m7']),
      ballots('wujun', allVote('DEFER', { m2: 'AGREE', m3: 'AGREE' })),
    ]),
  );
  step(`${b}: vote fails for one, one deferred, one recusal`);
  await call('POST', `/batches/${b}/meetings`, who.secretary, meeting('s2-2', [ballots('wujun')]));
  step(`${b}: deferred item approved at the second meeting`);
  await appointAll(b, ['zhaolei', 'zhoumin', 'wujun']);
}

/** Third batch: the discipline group holds a candidate, then lifts the hold. */
async function selectionThree() {
  const b = id('s3');
  await call('POST', '/batches', who.officer, {
    id: b,
    title: `${year}年第三批干部选拔`,
    year,
    orgUnit: '局机关',
    positions: [{ id: 'p1', title: '后勤科副科长', orgUnit: '机关服务中心', level: '副科' }],
    candidates: [{ personId: 'zhengyu', name: '郑宇', branchId: 'b3', positionId: 'p1' }],
    partyGroup,
    ruleset,
  });
  step(`${b}: started`);
  const hold = (await call('POST', `/batches/${b}/holds`, who.discipline, {
    personId: 'zhengyu',
    reason: '收到问题线索，暂停程序核查',
  })) as { holdId: string };
  step(`${b}: hold placed by the discipline group`);
  await vetSelection(b, 'zhengyu', 'b3');
  await call('DELETE', `/batches/${b}/holds/${hold.holdId}`, who.discipline, { reason: '经核查，线索不实' });
  step(`${b}: hold lifted`);
  await waitFor(`/batches/${b}`, 'DECIDING');
  await call('POST', `/batches/${b}/meetings`, who.secretary, meeting('s3-1', [ballots('zhengyu')]));
  step(`${b}: approved`);
  await appointAll(b, ['zhengyu']);
}

const assessed = (from: number, grades: string[]) => grades.map((grade, i) => ({ year: from + i, grade }));

async function rankBatch(
  name: string,
  title: string,
  candidates: Record<string, unknown>[],
  opts: { simplified?: boolean; approve: string[]; vote: string[] },
) {
  const b = id(name);
  await call('POST', '/rank-batches', who.officer, {
    id: b,
    title,
    year,
    orgUnit: '局机关',
    candidates,
    partyGroup,
    ruleset: { timerScale, simplifiedInspection: Boolean(opts.simplified) },
  });
  step(`${b}: started, eligibility computed`);
  for (const personId of opts.vote) {
    const path = `/rank-batches/${b}/candidates/${personId}`;
    await call('POST', `${path}/evaluation`, who.officer, {
      method: 'EVALUATION',
      heldOn: today,
      participants: 46,
      favourable: 41,
    });
    if (!opts.simplified) await call('POST', `${path}/checks`, who.officer, { kind: 'INSPECTION', result: 'clear' });
    await call('POST', `${path}/checks`, who.officer, { kind: 'ARCHIVE_AUDIT', result: 'clear' });
    await call('POST', `${path}/checks`, who.discipline, { kind: 'DISCIPLINE_OPINION', result: 'clear' });
    step(`${b}: ${personId} evaluated and vetted`);
  }
  await waitFor(`/rank-batches/${b}`, 'DECIDING');
  await call(
    'POST',
    `/rank-batches/${b}/meetings`,
    who.secretary,
    meeting(
      `${name}-1`,
      opts.vote.map((p) => ballots(p)),
    ),
  );
  step(`${b}: party group decides`);
  const ready = await waitFor(`/rank-batches/${b}`, 'APPOINTING');
  step(`${b}: 公示 over`);
  const approvedOn = dayAfter(ready.publicity[0]!.endsOn);
  for (const [i, personId] of opts.approve.entries()) {
    await call('POST', `/rank-batches/${b}/candidates/${personId}/approval`, who.head, {
      documentNo: `组干审〔${year}〕${name}${i + 1}号`,
      approvedOn,
      authority: '市委组织部',
    });
    step(`${b}: ${personId} approved, rank changed`);
  }
  await waitFor(`/rank-batches/${b}`, 'CLOSED');
  step(`${b}: closed`);
}

// ---------- training (培训班): recorded through the API, evaluated once over ----------
// Participants are the batches' people (so their cadre record shows training next to appointments) and office staff.

const cadres = ['zhangwei', 'wangfang', 'liuqiang', 'chenjing', 'zhaolei', 'sunli', 'zhoumin', 'wujun', 'zhengyu'];
const staff = Array.from({ length: 24 }, (_, i) => `staff-${String(i + 1).padStart(2, '0')}`);
const trainingPlan = [
  {
    name: 'tr1',
    kind: 'BUSINESS',
    title: '统计业务能力提升培训班',
    from: '03-09',
    to: '03-13',
    hours: 40,
    people: staff.slice(0, 14),
  },
  {
    name: 'tr2',
    kind: 'BUSINESS',
    title: '公文写作与信息报送培训班',
    from: '04-20',
    to: '04-22',
    hours: 24,
    people: staff.slice(8, 20),
  },
  {
    name: 'tr3',
    kind: 'LEADERSHIP',
    title: '处级干部领导能力提升专题培训班',
    from: '05-18',
    to: '05-29',
    hours: 80,
    people: cadres.slice(0, 6),
  },
  {
    name: 'tr4',
    kind: 'OTHER',
    title: '保密知识专题讲座',
    from: '06-15',
    to: '06-15',
    hours: 3,
    people: [...cadres, ...staff.slice(0, 12)],
  },
  {
    name: 'tr5',
    kind: 'INITIAL',
    title: '新录用公务员初任培训班',
    from: '07-06',
    to: '07-17',
    hours: 96,
    people: staff.slice(18, 24),
  },
  {
    name: 'tr6',
    kind: 'TRANSFER',
    title: '转任干部岗位适应培训班',
    from: '09-07',
    to: '09-11',
    hours: 40,
    people: ['zhoumin', 'wujun', 'zhengyu', 'staff-05'],
  },
  {
    name: 'tr7',
    kind: 'LEADERSHIP',
    title: '年轻干部理论学习与能力培训班',
    from: '10-19',
    to: '10-23',
    hours: 40,
    people: [...cadres.slice(6), ...staff.slice(2, 8)],
  },
  {
    name: 'tr8',
    kind: 'BUSINESS',
    title: '数据安全与统计执法培训班',
    from: '12-07',
    to: '12-11',
    hours: 36,
    people: staff.slice(10, 22),
  },
].map((s) => ({ ...s, startsOn: `${year}-${s.from}`, endsOn: `${year}-${s.to}` }));
const evaluable = trainingPlan.filter((s) => s.endsOn <= today);

async function training() {
  for (const [i, s] of trainingPlan.entries()) {
    await call('POST', '/training-sessions', who.officer, {
      id: id(s.name),
      kind: s.kind,
      title: `${year}年${s.title}`,
      organiser: s.kind === 'INITIAL' ? '市委组织部、局组织人事处' : '局组织人事处',
      startsOn: s.startsOn,
      endsOn: s.endsOn,
      hours: s.hours,
      participants: s.people,
    });
    step(`${id(s.name)}: training session recorded`);
    if (s.endsOn > today) continue;
    // Deterministic results: most pass with 70–97 points; every ninth participant fails.
    await call('POST', `/training-sessions/${id(s.name)}/evaluation`, who.officer, {
      teachingQualityScore: 86 + ((i * 37) % 10) + 0.5,
      learningTests: s.people.map((p, j) => {
        const fails = (i + j) % 9 === 8;
        return {
          personId: p,
          passed: !fails,
          score: fails ? 40 + (j % 18) : 70 + ((i * 7 + j * 5) % 28),
        };
      }),
    });
    step(`${id(s.name)}: evaluated (教学质量评估, 学习效果测试)`);
  }
}

const y = year;
const flows = [
  { steps: trainingPlan.length + evaluable.length, run: training },
  { steps: 12, run: selectionOne },
  { steps: 12, run: selectionTwo },
  { steps: 8, run: selectionThree },
  {
    steps: 10,
    run: () =>
      rankBatch(
        'r1',
        `${y}年第一批职级晋升`,
        [
          {
            personId: 'heping',
            name: '何平',
            branchId: 'b1',
            currentRank: '四级主任科员',
            targetRank: '三级主任科员',
            rankHistory: [{ holding: '四级主任科员', from: `${y - 3}-03-01` }],
            assessments: assessed(y - 3, ['称职', '优秀', '称职']),
          },
          {
            personId: 'luoxia',
            name: '罗霞',
            branchId: 'b2',
            currentRank: '一级科员',
            targetRank: '四级主任科员',
            rankHistory: [{ holding: '一级科员', from: `${y - 2}-07-01` }],
            assessments: assessed(y - 2, ['优秀', '优秀']),
          },
          {
            personId: 'gaofeng',
            name: '高峰',
            branchId: 'b1',
            currentRank: '一级主任科员',
            targetRank: '四级调研员',
            rankHistory: [
              { holding: '二级主任科员', from: `${y - 6}-01-01`, to: `${y - 3}-01-01` },
              { holding: '一级主任科员', from: `${y - 3}-01-01` },
            ],
            assessments: assessed(y - 6, ['称职', '称职', '称职', '称职', '基本称职', '称职']),
          },
          {
            personId: 'linna',
            name: '林娜',
            branchId: 'b3',
            currentRank: '二级主任科员',
            targetRank: '一级主任科员',
            rankHistory: [{ holding: '二级主任科员', from: `${y - 1}-03-01` }],
            assessments: assessed(y - 1, ['称职']),
          },
          {
            personId: 'songtao',
            name: '宋涛',
            branchId: 'b2',
            currentRank: '三级主任科员',
            targetRank: '二级主任科员',
            rankHistory: [{ holding: '三级主任科员', from: `${y - 4}-01-01` }],
            assessments: assessed(y - 4, ['称职', '称职', '称职', '称职']),
            disciplinaryEffects: [{ kind: 'ADMONISHMENT', from: `${y}-09-01`, until: `${y + 1}-02-28` }],
          },
        ],
        { vote: ['heping', 'luoxia', 'gaofeng'], approve: ['heping', 'luoxia', 'gaofeng'] },
      ),
  },
  {
    steps: 8,
    run: () =>
      rankBatch(
        'r2',
        `${y}年第二批职级晋升（简化程序）`,
        ['tangyi', 'fengxue'].map((personId, i) => ({
          personId,
          name: ['唐毅', '冯雪'][i],
          branchId: 'b3',
          currentRank: '二级科员',
          targetRank: '一级科员',
          rankHistory: [{ holding: '二级科员', from: `${y - 2}-08-01` }],
          assessments: assessed(y - 2, ['称职', '称职']),
        })),
        { simplified: true, vote: ['tangyi', 'fengxue'], approve: ['tangyi', 'fengxue'] },
      ),
  },
];

total = flows.reduce((n, f) => n + f.steps, 0);
console.log(`seeding ${year} through ${api} (timer scale ${timerScale})`);
try {
  await fetch(`${api}/healthz`).catch(() => {
    throw new ApiError(`cannot reach ${api}: is \`npm start\` running? (or pass --api)`);
  });
  const taken = await fetch(`${api}/api/v1/batches/${id('s1')}`, {
    headers: { authorization: `Bearer ${who.auditor}` },
  });
  if (taken.status === 200)
    throw new ApiError(`the demo year is already seeded (${id('s1')} exists): pass --prefix to add another set`);
  if (timerScale !== 1) {
    // A body holding nothing but the ruleset starts nothing; the API's answer tells whether it takes scaled timers.
    const probe = await fetch(`${api}/api/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.officer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ruleset: { timerScale } }),
    });
    const answer = (await probe.json().catch(() => ({}))) as { code?: string };
    if (answer.code === 'ruleset.timer_scale_disabled') {
      console.error(
        `${api} refuses scaled timers (ruleset.timerScale), as a production API does. The demo runs each public ` +
          `notice in seconds: start the API with the switch on, then run seed:demo again:\n` +
          `  ALLOW_SCALED_TIMERS=true npm start\n` +
          `  ALLOW_SCALED_TIMERS=true npm run cluster      (then: npm run seed:demo -- --api http://127.0.0.1:3100)`,
      );
      process.exit(2);
    }
  }
  const started = Date.now();
  const results = await Promise.allSettled(flows.map((f) => f.run()));
  if (process.stdout.isTTY) process.stdout.write('\n');
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  for (const f of failed) console.error(`✗ ${f.reason instanceof Error ? f.reason.message : String(f.reason)}`);
  if (failed.length > 0) process.exit(1);
  console.log(
    `seeded ${year} in ${((Date.now() - started) / 1000).toFixed(1)} s: 3 selection batches, 2 rank batches, ` +
      `${trainingPlan.length} training sessions (${evaluable.length} evaluated)`,
  );
  console.log(`  report: npm run report -- --year ${year}   or   GET ${api}/api/v1/reports/annual?year=${year}`);
  console.log('          (its batches ran on scaled timers: the report lists them apart and counts only the training)');
  console.log(`  Word:   npm run report -- --year ${year} --format docx --out report-${year}.docx`);
} catch (err) {
  console.error(err instanceof ApiError ? err.message : err);
  process.exit(1);
}
