// seed:demo's three selection batches: a veto, an upheld objection, a failed vote, a deferral, a recusal, a hold.
import { positions } from '../../testkit';
import { everyone, item, partyGroup, type Demo } from './context';

const candidate = (personId: string, name: string, branchId: string, positionId: string) => ({
  personId,
  name,
  branchId,
  positionId,
});

function selection(demo: Demo, name: string, title: string, plan: Record<string, unknown>) {
  const refs = (plan.candidates as { personId: string; branchId: string }[]).map(
    (c) => [c.personId, c.branchId] as const,
  );
  return demo.batch(
    name,
    {
      title: `${demo.year}年${title}`,
      year: demo.year,
      orgUnit: '局机关',
      partyGroup,
      ...plan,
      ruleset: { timerScale: demo.timerScale },
    },
    {
      candidates: refs,
      documentNo: (personId) =>
        `局党组任〔${demo.year}〕${name.slice(-2)}${refs.findIndex(([p]) => p === personId) + 1}号`,
    },
  );
}

async function started(demo: Demo, b: ReturnType<typeof selection>) {
  await b.start();
  demo.step(`${b.id}: started`);
}

async function vet(demo: Demo, b: ReturnType<typeof selection>, veto: string[] = []) {
  for (const [personId, branchId] of b.candidates) {
    if (veto.includes(personId)) {
      await b.command(`${b.path}/candidates/${personId}/checks`, b.cast.discipline, {
        kind: 'DISCIPLINE_OPINION',
        result: 'affects_use',
        reason: '存在违反廉洁纪律问题线索，经初核属实',
      });
      demo.step(`${b.id}: ${personId} vetoed by the integrity opinion`);
      continue;
    }
    await b.vet(personId, branchId);
    demo.step(`${b.id}: ${personId} vetted (凡提四必, branch, integrity)`);
  }
}

async function appoint(demo: Demo, b: ReturnType<typeof selection>, personIds: string[]) {
  await b.waitStage('APPOINTING');
  demo.step(`${b.id}: public notice over`);
  for (const personId of personIds) {
    await b.appointAll([personId]);
    demo.step(`${b.id}: ${personId} appointed`);
  }
  await b.waitStage('CLOSED');
  demo.step(`${b.id}: closed`);
}

/** First batch: a veto, a named objection found unfounded, an anonymous one upheld. */
export async function selectionOne(demo: Demo) {
  const b = selection(demo, 's1', '第一批干部选拔', {
    positions: [positions.office, positions.personnel, positions.finance],
    candidates: [
      candidate('zhangwei', '张伟', 'b1', 'p1'),
      candidate('wangfang', '王芳', 'b2', 'p2'),
      candidate('liuqiang', '刘强', 'b1', 'p3'),
      candidate('chenjing', '陈静', 'b3', 'p2'),
    ],
  });
  await started(demo, b);
  await vet(demo, b, ['chenjing']);
  await b.waitStage('DECIDING');
  const meeting = demo.meeting('s1-1', [item('zhangwei'), item('wangfang'), item('liuqiang')]);
  await b.command(`${b.path}/meetings`, b.cast.secretary, meeting);
  demo.step(`${b.id}: party group approves 3`);
  await b.waitStage('PUBLICITY');
  const named = await b.command(`${b.path}/candidates/wangfang/objections`, undefined, {
    content: '反映其在基层工作期间考勤不严',
    reporterName: '群众甲',
    reporterContact: '电话',
  });
  const anonymous = await b.command(`${b.path}/candidates/liuqiang/objections`, undefined, {
    content: '反映其违规操办婚丧喜庆事宜',
  });
  demo.step(`${b.id}: two objections during the public notice`);
  await b.command(`${b.path}/objections/${named.body.objectionId}/resolution`, b.cast.head, {
    resolution: 'unfounded',
    note: '经核查，反映问题不属实',
    feedback: '已当面向反映人反馈核查结果',
  });
  await b.command(`${b.path}/objections/${anonymous.body.objectionId}/resolution`, b.cast.head, {
    resolution: 'upheld',
    note: '经核查属实，不予任用',
  });
  demo.step(`${b.id}: objections resolved (one upheld)`);
  await appoint(demo, b, ['zhangwei', 'wangfang']);
}

/** Second batch: a failed vote, a deferral decided at a second meeting, a recusal. */
export async function selectionTwo(demo: Demo) {
  const b = selection(demo, 's2', '第二批干部选拔', {
    positions: [
      { id: 'p1', title: '综合处副处长', orgUnit: '综合处', level: '副处' },
      { id: 'p2', title: '法规科科长', orgUnit: '法规处', level: '正科' },
      { id: 'p3', title: '信息科副科长', orgUnit: '信息中心', level: '副科' },
    ],
    candidates: [
      candidate('zhaolei', '赵磊', 'b1', 'p1'),
      candidate('sunli', '孙丽', 'b2', 'p1'),
      candidate('zhoumin', '周敏', 'b2', 'p2'),
      candidate('wujun', '吴军', 'b3', 'p3'),
    ],
    relations: [{ memberId: 'm7', personId: 'zhoumin', kind: 'SPOUSE' }],
  });
  await started(demo, b);
  await vet(demo, b);
  await b.waitStage('DECIDING');
  const first = demo.meeting('s2-1', [
    item('zhaolei'),
    item('sunli', everyone('DISAGREE', { m2: 'AGREE', m3: 'AGREE' })),
    item('zhoumin', {}, ['m7']),
    item('wujun', everyone('DEFER', { m2: 'AGREE', m3: 'AGREE' })),
  ]);
  await b.command(`${b.path}/meetings`, b.cast.secretary, first);
  demo.step(`${b.id}: vote fails for one, one deferred, one recusal`);
  await b.command(`${b.path}/meetings`, b.cast.secretary, demo.meeting('s2-2', [item('wujun')]));
  demo.step(`${b.id}: deferred item approved at the second meeting`);
  await appoint(demo, b, ['zhaolei', 'zhoumin', 'wujun']);
}

/** Third batch: the discipline group holds a candidate, then lifts the hold. */
export async function selectionThree(demo: Demo) {
  const b = selection(demo, 's3', '第三批干部选拔', {
    positions: [{ id: 'p1', title: '后勤科副科长', orgUnit: '机关服务中心', level: '副科' }],
    candidates: [candidate('zhengyu', '郑宇', 'b3', 'p1')],
  });
  await started(demo, b);
  const hold = await b.command(`${b.path}/holds`, b.cast.discipline, {
    personId: 'zhengyu',
    reason: '收到问题线索，暂停程序核查',
  });
  demo.step(`${b.id}: hold placed by the discipline group`);
  await vet(demo, b);
  await b.command(
    `${b.path}/holds/${hold.body.holdId}`,
    b.cast.discipline,
    { reason: '经核查，线索不实' },
    [200, 201, 204],
    {
      method: 'DELETE',
    },
  );
  demo.step(`${b.id}: hold lifted`);
  await b.waitStage('DECIDING');
  await b.command(`${b.path}/meetings`, b.cast.secretary, demo.meeting('s3-1', [item('zhengyu')]));
  demo.step(`${b.id}: approved`);
  await appoint(demo, b, ['zhengyu']);
}
