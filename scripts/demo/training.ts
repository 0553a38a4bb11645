// seed:demo's training sessions (培训班) of every kind, recorded through the API, each evaluated once it is over.
// Participants are the batches' people (so their cadre record shows training next to appointments) and office staff.
import type { Reply } from '../../testkit';
import { cast, type Demo } from './context';

function expectCreated(path: string, reply: Reply) {
  if (reply.status !== 201 && reply.status !== 200)
    throw new Error(
      `POST ${path} → ${reply.status} ${reply.body?.code ?? ''}: ${reply.body?.detail ?? reply.error ?? ''}`,
    );
  return reply;
}

const cadres = ['zhangwei', 'wangfang', 'liuqiang', 'chenjing', 'zhaolei', 'sunli', 'zhoumin', 'wujun', 'zhengyu'];
const staff = Array.from({ length: 24 }, (_, i) => `staff-${String(i + 1).padStart(2, '0')}`);
export const trainingPlan = (year: number) =>
  [
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

/** Every session recorded; those already over evaluated. */
export async function training(demo: Demo) {
  const { year, today, id } = demo;
  const post = (path: string, body: unknown) =>
    demo.http.request('POST', path, { actor: cast.officer, body }).then((reply) => expectCreated(path, reply));
  for (const [i, s] of trainingPlan(year).entries()) {
    await post('/api/v1/training-sessions', {
      id: id(s.name),
      kind: s.kind,
      title: `${year}年${s.title}`,
      organiser: s.kind === 'INITIAL' ? '市委组织部、局组织人事处' : '局组织人事处',
      startsOn: s.startsOn,
      endsOn: s.endsOn,
      hours: s.hours,
      participants: s.people,
    });
    demo.step(`${id(s.name)}: training session recorded`);
    if (s.endsOn > today) continue;
    // Deterministic results: most pass with 70–97 points; every ninth participant fails.
    await post(`/api/v1/training-sessions/${id(s.name)}/evaluation`, {
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
    demo.step(`${id(s.name)}: evaluated (教学质量评估, 学习效果测试)`);
  }
}
