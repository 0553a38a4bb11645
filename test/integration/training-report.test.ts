import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { noFonts, renderAnnualReportDocument } from '../../reports/report-document';
import { reportsRoutes } from '../../api/reports.routes';
import type { AnnualReport } from '../../domain/annual-report';
import { serveWith } from '../helpers/mounted';
import { seedReadModel, type ReadModelSeed } from '../helpers/read-model-seed';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';

// 2033 belongs to this file: no other test writes facts dated in it. Training sessions count by their start date;
// the sessions starting just outside the year check the bounds. Every expected figure is computed here from the
// seeded rows, not read back from SQL.
const YEAR = 2033;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const run = promisify(execFile);
const p = uniqueId('tr33');
const id = (name: string) => `${p}-${name}`;
const now = new Date('2033-06-01T00:00:00Z');

const batch = (name: string, kind: 'SELECTION' | 'RANK_PROMOTION', year: number, stage: string, order: number) => ({
  id: id(name),
  kind,
  title: `${year}年${name}批次`,
  year,
  orgUnit: 'HQ',
  stage,
  workflowId: `batch-${id(name)}`,
  ruleset: {},
  plan: {},
  createdBy: 'seed',
  createdAt: new Date(now.getTime() + order * 1000),
  updatedAt: now,
});
const candidate = (b: string, person: string, state: string) => ({
  batchId: id(b),
  personId: id(person),
  name: person,
  branchId: 'b1',
  positionId: 'p1',
  state,
  updatedAt: now,
});
const appointment = (b: string, person: string, level: string, noticeDate: string) => ({
  batchId: id(b),
  personId: id(person),
  positionId: 'p1',
  level,
  documentNo: `${b}-${person}`,
  noticeDate,
  decisionDate: noticeDate,
  issuedBy: 'officer',
});
const rankChange = (person: string, fromRank: string, toRank: string, approvedOn: string) => ({
  batchId: id('r1'),
  personId: id(person),
  fromRank,
  toRank,
  documentNo: `r1-${person}`,
  approvedOn,
  decisionDate: approvedOn,
  recordedBy: 'head',
  recordedAt: now,
});
const check = (person: string, kind: string, result: string) => ({
  batchId: id('s1'),
  personId: id(person),
  kind,
  signer: 'single',
  result,
  actorId: 'x',
  actorRole: 'ORG_OFFICER',
  recordedAt: now,
});

type Test = { person: string; passed?: boolean; score?: number };
function session(
  name: string,
  kind: string,
  startsOn: string,
  endsOn: string,
  hours: number,
  people: string[],
  evaluation?: { score: number; tests: Test[] },
) {
  return {
    session: {
      id: id(name),
      kind,
      title: `${name} 培训班`,
      organiser: '局组织人事处',
      startsOn,
      endsOn,
      hours,
      createdBy: 'officer',
      createdAt: now,
      ...(evaluation
        ? {
            teachingQualityScore: evaluation.score,
            evaluatedBy: 'officer',
            evaluatedAt: new Date(`${endsOn}T08:00:00Z`),
          }
        : {}),
    },
    participants: people.map((person) => {
      const t = evaluation?.tests.find((x) => x.person === person);
      return {
        sessionId: id(name),
        personId: id(person),
        testPassed: t?.passed ?? null,
        testScore: t?.score ?? null,
      };
    }),
  };
}

const sessions = [
  session('t1', 'BUSINESS', '2033-03-06', '2033-03-10', 40, ['p1', 'p2', 'p3', 'p4'], {
    score: 92.5,
    tests: [
      { person: 'p1', passed: true, score: 88 },
      { person: 'p2', passed: true, score: 91.5 },
      { person: 'p3', passed: false, score: 55 },
      { person: 'p4', passed: true },
    ],
  }),
  session('t2', 'BUSINESS', '2033-05-15', '2033-05-16', 16, ['p1', 'p5'], {
    score: 87,
    tests: [
      { person: 'p1', score: 80 },
      { person: 'p5', passed: true, score: 77.5 },
    ],
  }),
  session('t3', 'LEADERSHIP', '2033-09-01', '2033-09-20', 120, ['p6', 'p7', 'p8'], {
    score: 95.3,
    tests: [
      { person: 'p6', passed: true, score: 90 },
      { person: 'p7', passed: true, score: 85 },
      { person: 'p8', passed: true, score: 93 },
    ],
  }),
  session('t4', 'INITIAL', '2033-07-01', '2033-07-05', 32.5, ['p9', 'p10']),
  // Starts on the last day of the year, ends in the next: counts in 2033.
  session('t5', 'TRANSFER', '2033-12-31', '2034-01-02', 8, ['p11']),
  session('t6', 'OTHER', '2033-01-01', '2033-01-01', 4, ['p1', 'p2'], {
    score: 78.9,
    tests: [
      { person: 'p1', passed: true },
      { person: 'p2', passed: false },
    ],
  }),
  // Outside the year: started in 2032 (ends in 2033), and starting in 2034.
  session('t7', 'BUSINESS', '2032-12-30', '2033-01-04', 24, ['p1', 'p12'], { score: 60, tests: [] }),
  session('t8', 'LEADERSHIP', '2034-01-01', '2034-01-03', 24, ['p6']),
];

const seed = {
  batches: [
    batch('s1', 'SELECTION', YEAR, 'CLOSED', 1),
    batch('s2', 'SELECTION', YEAR, 'PUBLICITY', 2),
    batch('s2032', 'SELECTION', 2032, 'CLOSED', 0),
    batch('r1', 'RANK_PROMOTION', YEAR, 'CLOSED', 3),
  ],
  candidates: [
    candidate('s1', 'a', 'ON_PROBATION'),
    candidate('s1', 'b', 'CONFIRMED'),
    candidate('s1', 'v', 'VETOED'),
    candidate('s1', 'x', 'CANCELLED'),
    candidate('s1', 'w', 'WITHDRAWN'),
    candidate('s2', 'c', 'IN_PUBLICITY'),
    candidate('s2', 'd', 'REJECTED'),
    candidate('s2', 'e', 'NOT_SELECTED'),
    candidate('s2', 'f', 'DISQUALIFIED'),
    candidate('s2032', 'g', 'APPOINTED'),
  ],
  appointments: [
    appointment('s1', 'a', '正处', '2033-02-10'),
    appointment('s1', 'b', '副科', '2033-02-10'),
    appointment('s2032', 'g', '正科', '2033-11-30'),
    appointment('s2032', 'h', '副处', '2032-12-31'),
  ],
  rankChanges: [
    rankChange('q1', '四级主任科员', '三级主任科员', '2033-06-01'),
    rankChange('q2', '四级主任科员', '三级主任科员', '2033-06-01'),
    rankChange('q3', '二级科员', '一级科员', '2033-12-31'),
    rankChange('q4', '二级科员', '一级科员', '2032-12-31'),
  ],
  vettingChecks: [
    check('a', 'ARCHIVE_AUDIT', 'clear'),
    check('a', 'PERSONAL_MATTERS', 'clear'),
    check('a', 'PETITION_CHECK', 'issues_not_affecting'),
    check('a', 'DISCIPLINE_OPINION', 'clear'),
    check('v', 'DISCIPLINE_OPINION', 'affects_use'),
  ],
  objections: [
    {
      id: `${id('s1')}:o1`,
      batchId: id('s1'),
      personId: id('x'),
      channel: 'PUBLIC',
      content: '…',
      receivedAt: now,
      status: 'RESOLVED',
      resolution: 'upheld',
    },
  ],
  // As the projection writes it: the report counts what happened to an objection from its resolutions.
  objectionResolutions: [
    {
      batchId: id('s1'),
      seq: 1,
      objectionId: `${id('s1')}:o1`,
      resolution: 'upheld',
      resolvedBy: 'head',
      resolvedAt: now,
    },
  ],
  trainingSessions: sessions.map((s) => s.session),
  trainingParticipants: sessions.flatMap((s) => s.participants),
} satisfies ReadModelSeed;

// ---------- the expected training figures, computed here from the rows ----------

const kinds = ['BUSINESS', 'LEADERSHIP', 'INITIAL', 'TRANSFER', 'OTHER'] as const;
const labels = ['业务培训', '领导力培训', '初任培训', '转任培训', '其他培训'];
/** Scores have one decimal: add them as integer tenths, so the mean rounds exactly as PostgreSQL's numeric does. */
const mean2 = (values: number[]) =>
  values.length === 0
    ? null
    : Math.round((values.reduce((a, v) => a + Math.round(v * 10), 0) * 10) / values.length) / 100;

function trainingCounts(of: typeof sessions) {
  const people = of.flatMap((s) => s.participants);
  const evaluated = of.filter((s) => s.session.evaluatedAt);
  const tested = people.filter((x) => x.testPassed !== null || x.testScore !== null);
  const passed = people.filter((x) => x.testPassed === true).length;
  const failed = people.filter((x) => x.testPassed === false).length;
  return {
    sessions: of.length,
    participants: people.length,
    people: new Set(people.map((x) => x.personId)).size,
    hours: of.reduce((n, s) => n + s.session.hours, 0),
    participantHours: of.reduce((n, s) => n + s.session.hours * s.participants.length, 0),
    evaluatedSessions: evaluated.length,
    teachingQualityAverage: mean2(evaluated.map((s) => s.session.teachingQualityScore!)),
    tested: tested.length,
    passed,
    failed,
    passRate: passed + failed === 0 ? null : Math.round((passed * 1000) / (passed + failed)) / 10,
    testScoreAverage: mean2(people.flatMap((x) => (x.testScore === null ? [] : [x.testScore]))),
  };
}

function expectedTraining(): AnnualReport['training'] {
  const inYear = sessions.filter((s) => s.session.startsOn.startsWith(`${YEAR}-`));
  return {
    ...trainingCounts(inYear),
    byKind: kinds.map((kind, i) => ({
      kind,
      label: labels[i]!,
      ...trainingCounts(inYear.filter((s) => s.session.kind === kind)),
    })),
  };
}

const five = () => {
  const appointments = seed.appointments.filter((a) => a.noticeDate.startsWith(`${YEAR}-`));
  return {
    selectionBatches: seed.batches.filter((b) => b.kind === 'SELECTION' && b.year === YEAR).length,
    division: new Set(appointments.filter((a) => ['正处', '副处'].includes(a.level)).map((a) => a.personId)).size,
    section: appointments.filter((a) => ['正科', '副科'].includes(a.level)).length,
    rank: seed.rankChanges.filter((r) => r.approvedOn.startsWith(`${YEAR}-`)).length,
    training: expectedTraining().sessions,
  };
};
const summarySentence = () => {
  const f = five();
  return (
    `开展干部选拔 ${f.selectionBatches} 批，新提拔处级领导职务干部 ${f.division} 人，科级干部 ${f.section} 任，` +
    `职级晋升 ${f.rank} 任，组织开展业务培训、领导力培训、初任培训、转任培训等 ${f.training} 期。`
  );
};

// ---------- reading the .docx ----------

function openDocx(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['word/document.xml']!);
  const textOf = (fragment: string) =>
    [...fragment.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1]!)
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr[\s>][\s\S]*?<\/w:tr>/g)].map((row) =>
      [...row[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => textOf(cell[1]!)),
    ),
  );
  const media = Object.keys(files).filter((name) => name.startsWith('word/media/'));
  return { files, text: textOf(xml), tables, media };
}
const tableWithHeader = (tables: string[][][], first: string) => tables.find((t) => t[0]?.[0] === first);

let stack: Stack;
let api: Awaited<ReturnType<typeof serveWith>>;
let dir: string;
beforeAll(async () => {
  stack = await startStack();
  api = await serveWith(stack, [reportsRoutes]);
  await seedReadModel(stack.database.db, seed);
  dir = mkdtempSync(join(tmpdir(), 'xuanren-docx-'));
});
afterAll(async () => {
  await api?.stop();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('annual report with training', () => {
  describe('GET /api/v1/reports/annual', () => {
    test('when the seeded year is reported as JSON, the training figures match the rows', async () => {
      const res = await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`, { token: await token('AUDITOR') });
      expect(res.status).toBe(200);
      expect(res.body.training).toEqual(expectedTraining());
      // Spelled out: 6 sessions (业务 2, 领导力 1, 初任 1, 转任 1, 其他 1), 14 participant-times of 11 people, 220.5 hours.
      expect(res.body.training).toMatchObject({
        sessions: 6,
        participants: 14,
        people: 11,
        hours: 220.5,
        evaluatedSessions: 4,
        teachingQualityAverage: 88.43,
        passed: 8,
        failed: 2,
        passRate: 80,
        testScoreAverage: 82.5,
      });
      expect(res.body.training.byKind.map((k: { sessions: number }) => k.sessions)).toEqual([2, 1, 1, 1, 1]);
      const f = five();
      expect([
        res.body.selectionBatches.total,
        res.body.divisionLevelPromotions.people,
        res.body.sectionLevelAppointments.appointments,
        res.body.rankPromotions.promotions,
        res.body.training.sessions,
      ]).toEqual([f.selectionBatches, f.division, f.section, f.rank, f.training]);
    });

    test('when the year has selection batches, each is listed with what became of its candidates', async () => {
      const res = await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`, { token: await token('ORG_HEAD') });
      const outcome = (b: string, counts: Record<string, number>) => ({
        id: id(b),
        title: seed.batches.find((x) => x.id === id(b))!.title,
        stage: seed.batches.find((x) => x.id === id(b))!.stage,
        candidates: seed.candidates.filter((c) => c.batchId === id(b)).length,
        appointed: 0,
        vetoed: 0,
        disqualified: 0,
        rejected: 0,
        notSelected: 0,
        cancelled: 0,
        withdrawn: 0,
        inProgress: 0,
        ...counts,
      });
      expect(res.body.selectionBatchOutcomes).toEqual([
        outcome('s1', { appointed: 2, vetoed: 1, cancelled: 1, withdrawn: 1 }),
        outcome('s2', { inProgress: 1, rejected: 1, notSelected: 1, disqualified: 1 }),
      ]);
      const month = (m: number) => res.body.monthly.find((x: { month: number }) => x.month === m);
      expect(res.body.monthly).toHaveLength(12);
      expect([month(2), month(6), month(11), month(12)]).toEqual([
        { month: 2, divisionAppointments: 1, sectionAppointments: 1, rankPromotions: 0 },
        { month: 6, divisionAppointments: 0, sectionAppointments: 0, rankPromotions: 2 },
        { month: 11, divisionAppointments: 0, sectionAppointments: 1, rankPromotions: 0 },
        { month: 12, divisionAppointments: 0, sectionAppointments: 0, rankPromotions: 1 },
      ]);
    });

    test('when asked for text/markdown, the summary has all five figures and the training line', async () => {
      const res = await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`, {
        token: await token('PARTY_GROUP_MEMBER'),
        headers: { accept: 'text/markdown' },
      });
      expect(res.body).toContain(summarySentence());
      expect(res.body).toContain(
        '- 教育培训：6 期（业务培训 2 期，领导力培训 1 期，初任培训 1 期，转任培训 1 期，其他培训 1 期），培训 14 人次（11 人），220.5 学时',
      );
    });

    test('when asked for a Word document, the .docx has the five figures, a table per area and the charts as PNG', async () => {
      const res = await fetch(`${api.url}/api/v1/reports/annual?year=${YEAR}`, {
        headers: { authorization: `Bearer ${await token('AUDITOR')}`, accept: DOCX },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(DOCX);
      expect(res.headers.get('content-disposition')).toContain(`annual-report-${YEAR}.docx`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      writeFileSync(join(dir, 'report.docx'), bytes);
      const doc = openDocx(bytes);

      expect(doc.text).toContain(`${YEAR}年度干部选拔任用工作情况报告`);
      expect(doc.text).toContain(summarySentence());
      const t = expectedTraining();
      expect(tableWithHeader(doc.tables, '培训类别')).toEqual([
        ['培训类别', '期数', '培训人次', '学时', '人均学时', '教学质量评估平均分', '测试人次', '合格率', '测试平均分'],
        ['业务培训', '2', '6', '56', '32', '89.75（2 期）', '6', '80%', '78.4'],
        ['领导力培训', '1', '3', '120', '120', '95.3（1 期）', '3', '100%', '89.33'],
        ['初任培训', '1', '2', '32.5', '32.5', '—', '0', '—', '—'],
        ['转任培训', '1', '1', '8', '8', '—', '0', '—', '—'],
        ['其他培训', '1', '2', '4', '4', '78.9（1 期）', '2', '50%', '—'],
        [
          '合计',
          String(t.sessions),
          String(t.participants),
          String(t.hours),
          '45.21',
          '88.43（4 期）',
          '11',
          '80%',
          '82.5',
        ],
      ]);
      expect(tableWithHeader(doc.tables, '批次')?.slice(1)).toEqual([
        [`${YEAR}年s1批次`, '已完成', '5', '2', '1', '0', '1', '1', '0'],
        [`${YEAR}年s2批次`, '公示中', '4', '0', '1', '2', '0', '0', '1'],
      ]);
      expect(tableWithHeader(doc.tables, '核查事项')?.slice(1)).toEqual([
        ['干部档案必审', '1', '1', '0', '0'],
        ['个人有关事项报告必核', '1', '1', '0', '0'],
        ['纪检监察机关意见必听', '2', '1', '0', '1'],
        ['信访举报必查', '1', '0', '1', '0'],
      ]);
      expect(tableWithHeader(doc.tables, '受理')?.[1]).toEqual(['1', '1', '1', '0', '0', '0', '0']);
      expect(tableWithHeader(doc.tables, '晋升后职级')?.slice(1)).toEqual([
        ['三级主任科员', '2', '2'],
        ['一级科员', '1', '1'],
        ['合计', '3', '3'],
      ]);

      expect(doc.media.filter((m) => m.endsWith('.png'))).toHaveLength(2);
      for (const name of doc.media) {
        const png = doc.files[name]!;
        expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        expect(png.length).toBeGreaterThan(10_000);
      }
    });

    test('when the format is named in the query (a plain link), it wins over Accept; an unknown one is a 400', async () => {
      const get = async (query: string) =>
        fetch(`${api.url}/api/v1/reports/annual?year=${YEAR}&${query}`, {
          headers: { authorization: `Bearer ${await token('ORG_OFFICER')}`, accept: 'application/json' },
        });
      const docx = await get('format=docx');
      expect([docx.status, docx.headers.get('content-type')]).toEqual([200, DOCX]);
      expect(openDocx(new Uint8Array(await docx.arrayBuffer())).text).toContain(summarySentence());
      expect((await get('format=md')).headers.get('content-type')).toMatch(/^text\/markdown/);
      const bad = await get('format=pdf');
      expect([bad.status, ((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path]).toEqual([
        400,
        'format',
      ]);
    });

    test('when LibreOffice converts the .docx to PDF headlessly, it succeeds and the PDF shows the figures', async () => {
      const docx = join(dir, 'report.docx');
      if (!existsSync(docx)) throw new Error('the previous test writes report.docx');
      // LibreOffice from Debian (libreoffice-writer-nogui, installed by .ci/run); its own profile keeps runs apart.
      await run(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          docx,
        ],
        { timeout: 120_000 },
      );
      const pdf = readFileSync(join(dir, 'report.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const { stdout } = await run('pdftotext', ['-layout', join(dir, 'report.pdf'), '-']);
      const text = stdout.replace(/\s+/g, '');
      expect(text).toContain(summarySentence().replace(/\s+/g, ''));
      expect(text).toContain('六、教育培训情况（按培训类别）');
    }, 180_000);
  });

  describe('renderAnnualReportDocument', () => {
    test('when no CJK font (no font at all) is available, the document still has its charts and says why labels may be missing', async () => {
      const report = (
        await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`, { token: await token('AUDITOR') })
      ).body as AnnualReport;
      const warnings: string[] = [];
      const rendered = await renderAnnualReportDocument(report, { fonts: noFonts, onWarning: (m) => warnings.push(m) });
      expect(rendered.charts).toBe(2);
      expect(warnings).toEqual([expect.stringContaining('no CJK font')]);
      const doc = openDocx(rendered.docx);
      expect(doc.text).toContain(summarySentence());
      expect(doc.text).toContain('未安装中文字体');
      expect(doc.media).toHaveLength(2);
    });
  });

  describe('npm run report -- --format docx', () => {
    test('when the CLI writes the year as a Word document, the file holds the five figures', async () => {
      const out = join(dir, 'cli.docx');
      const { stderr } = await run(
        'npx',
        ['tsx', 'bin/report.ts', '--year', String(YEAR), '--format', 'docx', '--out', out],
        { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } },
      );
      expect(stderr).toContain(`wrote the ${YEAR} report to ${out}`);
      const doc = openDocx(readFileSync(out));
      expect(doc.text).toContain(summarySentence());
      expect(doc.media).toHaveLength(2);
    }, 60_000);
  });
});
