// seed:demo's two rank-promotion batches: ineligible candidates marked, then a simplified procedure.
import { assessed, rankCandidate } from '../../testkit';
import { item, partyGroup, type Demo } from './context';

async function rankBatch(
  demo: Demo,
  name: string,
  title: string,
  candidates: Record<string, unknown>[],
  opts: { simplified?: boolean; approve: string[]; vote: string[] },
) {
  const b = demo.batch(
    name,
    {
      title,
      year: demo.year,
      orgUnit: '局机关',
      candidates,
      partyGroup,
      ruleset: { timerScale: demo.timerScale, simplifiedInspection: Boolean(opts.simplified) },
    },
    {
      kind: 'rank',
      simplified: Boolean(opts.simplified),
      candidates: opts.vote.map((personId) => [personId, ''] as const),
      documentNo: (personId) => `组干审〔${demo.year}〕${name}${opts.approve.indexOf(personId) + 1}号`,
    },
  );
  await b.start();
  demo.step(`${b.id}: started, eligibility computed`);
  for (const personId of opts.vote) {
    await b.vet(personId, '');
    demo.step(`${b.id}: ${personId} evaluated and vetted`);
  }
  await b.waitStage('DECIDING');
  const meeting = demo.meeting(
    `${name}-1`,
    opts.vote.map((p) => item(p)),
  );
  await b.command(`${b.path}/meetings`, b.cast.secretary, meeting);
  demo.step(`${b.id}: party group decides`);
  await b.waitStage('APPOINTING');
  demo.step(`${b.id}: 公示 over`);
  for (const personId of opts.approve) {
    await b.appointAll([personId]);
    demo.step(`${b.id}: ${personId} approved, rank changed`);
  }
  await b.waitStage('CLOSED');
  demo.step(`${b.id}: closed`);
}

/** Five candidates: three promoted, one short of the tenure, one under a disciplinary effect. */
export function rankOne(demo: Demo) {
  const y = demo.year;
  const held = (personId: string, name: string, branchId: string, from: string, to: string, since: string) =>
    rankCandidate(personId, name, branchId, from, to, { from: since });
  return rankBatch(
    demo,
    'r1',
    `${y}年第一批职级晋升`,
    [
      {
        ...held('heping', '何平', 'b1', '四级主任科员', '三级主任科员', `${y - 3}-03-01`),
        assessments: assessed(y - 3, ['称职', '优秀', '称职']),
      },
      {
        ...held('luoxia', '罗霞', 'b2', '一级科员', '四级主任科员', `${y - 2}-07-01`),
        assessments: assessed(y - 2, ['优秀', '优秀']),
      },
      {
        ...held('gaofeng', '高峰', 'b1', '一级主任科员', '四级调研员', `${y - 3}-01-01`),
        rankHistory: [
          { holding: '二级主任科员', from: `${y - 6}-01-01`, to: `${y - 3}-01-01` },
          { holding: '一级主任科员', from: `${y - 3}-01-01` },
        ],
        assessments: assessed(y - 6, ['称职', '称职', '称职', '称职', '基本称职', '称职']),
      },
      {
        ...held('linna', '林娜', 'b3', '二级主任科员', '一级主任科员', `${y - 1}-03-01`),
        assessments: assessed(y - 1, ['称职']),
      },
      {
        ...held('songtao', '宋涛', 'b2', '三级主任科员', '二级主任科员', `${y - 4}-01-01`),
        assessments: assessed(y - 4, ['称职', '称职', '称职', '称职']),
        disciplinaryEffects: [{ kind: 'ADMONISHMENT', from: `${y}-09-01`, until: `${y + 1}-02-28` }],
      },
    ],
    { vote: ['heping', 'luoxia', 'gaofeng'], approve: ['heping', 'luoxia', 'gaofeng'] },
  );
}

/** Two candidates on the simplified procedure (no inspection). */
export function rankTwo(demo: Demo) {
  const y = demo.year;
  return rankBatch(
    demo,
    'r2',
    `${y}年第二批职级晋升（简化程序）`,
    [
      ['tangyi', '唐毅'],
      ['fengxue', '冯雪'],
    ].map(([personId, name]) =>
      rankCandidate(personId!, name!, 'b3', '二级科员', '一级科员', {
        from: `${y - 2}-08-01`,
        assessments: assessed(y - 2, ['称职', '称职']),
      }),
    ),
    { simplified: true, vote: ['tangyi', 'fengxue'], approve: ['tangyi', 'fengxue'] },
  );
}
