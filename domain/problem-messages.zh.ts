// The Chinese message of every problem code: the title a Chinese-speaking caller reads (Accept-Language: zh) and, where
// a regulation sets the rule, the rule it cites. test/unit/problem-messages.test.ts fails on a code without an entry.

export type ProblemMessage = { title: string; rule?: string };

const 条例 = '《党政领导干部选拔任用工作条例》（2019）';
const 并行规定 = '《公务员职务与职级并行规定》（2019）';
const 讨论决定 = `${条例}“讨论决定”：应到会成员三分之二以上到会，以应到会成员超过半数同意形成决定`;
const 公示 = `${条例}第四十二条：任前公示期不少于5个工作日`;
const 四必 = '凡提四必：干部档案必审、个人有关事项报告必核、纪检监察机关意见必听、线索具体的信访举报必查';
const 回避 = `${条例}“讨论决定”；《公务员法》第七十四条（任职回避）`;
const 举报 = '中组发〔2000〕18号：对公示中反映的问题，组织人事部门应认真调查核实，并向署名举报人反馈';
const 试用期 = `${条例}“任职”：提任非选举产生的职务，试用期为一年`;
const 晋升 = `${并行规定}第二十条：职级晋升逐级进行，须公示不少于5个工作日并报批`;

export const problemMessagesZh: Record<string, ProblemMessage> = {
  // 请求与身份
  'request.invalid': { title: '请求内容不符合要求，请按提示修改所列字段' },
  'request.malformed_json': { title: '请求内容不是有效的 JSON' },
  'request.too_large': { title: '请求内容超过 1 MB' },
  'request.unsupported_encoding': { title: '不支持的请求内容编码' },
  'request.unsupported_media_type': { title: '请以 application/json 格式提交' },
  'request.timeout': { title: '请求超时，后台服务可能繁忙或不可用，请稍后重试' },
  'message.invalid': { title: '提交的内容不符合该步骤的格式' },
  'payload.undecodable': { title: '加密内容无法解读' },
  'idempotency.key_reused': { title: '同一幂等键已用于内容不同的请求' },
  'rate.limited': { title: '提交过于频繁，请稍后再试' },
  'auth.unauthenticated': { title: '请先登录（需要有效的身份令牌）' },
  'auth.forbidden': { title: '您的角色无权进行此项操作' },
  'role.forbidden': {
    title: '该意见只能由其所属角色记录',
    rule: '职责分离：每项意见只能由对应角色记录，并留存操作人、角色和时间',
  },
  'branch.not_own': { title: '只能对本支部的考察对象出具党支部意见' },
  'channel.disabled': { title: '该批次不接受经 Temporal 信号办理的操作，请通过系统办理' },
  'ruleset.timer_scale_disabled': { title: '本环境未开启时限缩放' },
  'service.unavailable': { title: '后台服务暂不可用，请稍后重试' },
  internal: { title: '系统内部错误，请凭请求编号联系管理员' },
  'route.not_found': { title: '没有这个地址' },
  // 批次与考察对象
  'batch.already_exists': { title: '该批次已存在' },
  'batch.closed': { title: '该批次已办结或已撤销，不能再办理' },
  'batch.not_found': { title: '没有这个批次' },
  'candidate.not_found': { title: '该批次中没有这名考察对象' },
  'candidate.wrong_state': { title: '考察对象当前所处环节不能办理此项' },
  'candidate.on_hold': {
    title: '该考察对象已被纪检监察组暂停，不能继续办理',
    rule: '暂停由纪检监察组决定，也只能由其解除',
  },
  'position.seats_exceeded': { title: '拟任人选超过该职位的职数' },
  'calendar.not_published': {
    title: '所涉年份的节假日安排尚未公布，无法计算工作日',
    rule: '工作日以国务院公布的当年节假日安排为准',
  },
  'calendar.invalid_input': { title: '节假日安排的内容有误' },
  // 考察（凡提四必）
  'check.already_recorded': { title: '该项考察意见已记录', rule: 四必 },
  'check.not_required': { title: '本批次不要求该项考察' },
  'check.reason_required': { title: '结论为“有问题”时须写明理由', rule: '否定或例外的操作须记录理由' },
  'signature.already_given': {
    title: '您已在廉洁自律结论性意见上签字',
    rule: `${条例}第三十一条：廉洁自律结论性意见由党组书记和纪检监察组负责人共同签署`,
  },
  'signature.same_person': {
    title: '廉洁自律结论性意见须由两人分别签字',
    rule: `${条例}第三十一条：廉洁自律结论性意见由党组书记和纪检监察组负责人共同签署`,
  },
  'hold.duplicate': { title: '该考察对象已处于暂停状态' },
  'hold.not_found': { title: '没有这项暂停' },
  'vetting.closed': { title: '考察已结束，不能再记录考察意见' },
  'vetting.incomplete': { title: '考察尚未完成，不能提交党组讨论', rule: `${四必}；考察意见齐备后方可上会` },
  // 讨论决定（党组会议）
  'meeting.already_recorded': { title: '党组会议已记录' },
  'meeting.before_previous_meeting': { title: '会议日期早于上一次党组会议' },
  'meeting.before_vetting': { title: '会议日期早于考察完成之日' },
  'meeting.in_future': { title: '会议日期不能晚于今天' },
  'meeting.invalid': { title: '党组会议记录有误' },
  'agenda.duplicate_item': { title: '同一考察对象在议程中出现两次' },
  'agenda.unknown_candidate': {
    title: '议程中有未经考察的人选',
    rule: `${条例}“讨论决定”：不得临时动议，只有经过考察的人选方可上会`,
  },
  'attendance.duplicate': { title: '同一党组成员重复出席' },
  'attendance.unknown_member': { title: '出席人员不是本党组成员' },
  'ballot.duplicate': { title: '同一成员对同一人选重复表决' },
  'ballot.missing': {
    title: '有出席成员未对人选表态',
    rule: `${条例}“讨论决定”：与会成员逐一发表同意、不同意或缓议的意见`,
  },
  'ballot.not_present': { title: '未出席的成员不能表决' },
  'ballot.unknown_member': { title: '表决人不是本党组成员' },
  'quorum.not_met': { title: '到会党组成员不足应到会成员的三分之二', rule: 讨论决定 },
  'quorum.not_met_for_item': {
    title: '除回避成员外，该议题到会成员不足三分之二',
    rule: `${讨论决定}；回避成员计为缺席`,
  },
  'recusal.required': { title: '与人选有亲属关系的成员须回避，不得参与讨论和表决', rule: 回避 },
  'secretary.not_last': { title: '党组书记应最后表态', rule: `${条例}“讨论决定”：主要负责同志最后表态` },
  // 任前公示与举报
  'publicity.not_open': { title: '该考察对象不在任前公示期内' },
  'publicity.never_shorter': { title: '任前公示只能延长，不能缩短', rule: 公示 },
  'publicity.too_short': { title: '任前公示期不足5个工作日', rule: 公示 },
  'objection.duplicate': { title: '该举报已登记' },
  'objection.not_found': { title: '没有这项举报' },
  'objection.already_resolved': { title: '该举报已办结' },
  'objection.already_suspended': { title: '该考察对象已暂缓任职' },
  'objection.feedback_required': { title: '对署名举报须记录向举报人的反馈', rule: 举报 },
  'objection.open': { title: '有尚未办结的举报，暂不能任职', rule: 举报 },
  // 任职与试用期
  'appointment.before_publicity_end': { title: '任前公示期未满，不能发任职通知', rule: 公示 },
  'appointment.too_far_ahead': { title: '任职通知日期过远' },
  'talk.already_recorded': { title: '任职谈话已记录' },
  'talk.before_notice': { title: '任职谈话不能早于任职通知' },
  'probation.not_found': { title: '没有这项试用期' },
  'probation.closed': { title: '试用期已结束' },
  'probation.not_ended': { title: '试用期未满一年，不能作出考核结论', rule: 试用期 },
  'probation.already_decided': { title: '试用期考核结论已作出' },
  'probation.reason_required': { title: '试用期不合格须写明理由', rule: 试用期 },
  // 职级晋升
  'rank.not_one_step': { title: '职级晋升须逐级进行', rule: 晋升 },
  'rank.no_rule': { title: '这是入职职级，没有晋升到该职级的规定', rule: `${并行规定}第十八条` },
  'quota.exceeded': { title: '超出该职级的职数', rule: `${并行规定}：职级晋升须在职数内进行` },
  'approval.before_publicity_end': { title: '公示期未满，不能审批', rule: 晋升 },
  'approval.too_far_ahead': { title: '审批日期过远' },
  'assessment.not_awaited': { title: '该人选当前不需要考察了解或民主测评结果' },
  'tenure.insufficient': {
    title: '任现职级年限不足',
    rule: `${并行规定}第十八条：晋升职级须达到任下一级职级的最低年限`,
  },
  'assessment.incompetent': {
    title: '任职年限内有年度考核为不称职',
    rule: `${并行规定}第十九条：年度考核不称职的，不得晋升`,
  },
  'assessment.missing': { title: '缺少任职年限内某一年度的考核结果', rule: `${并行规定}第十九条` },
  'assessment.pending': { title: '当年年度考核结果尚未确定', rule: `${并行规定}第十九条` },
  'discipline.in_effect': {
    title: '处于诫勉、组织处理或处分影响期内，或正在接受审查调查',
    rule: `${并行规定}第二十一条：影响期内或正在接受审查调查的，不得晋升职级`,
  },
  // 培训
  'training.already_exists': { title: '该培训已存在' },
  'training.already_evaluated': { title: '该培训已评估' },
  'training.not_ended': { title: '培训尚未结束，不能评估' },
  'training.not_found': { title: '没有这项培训' },
  'training.participants_mismatch': { title: '评估名单与参训人员不一致' },
  'evaluation.already_recorded': { title: '评估结果已记录' },
  'rule.violated': { title: '不符合办理规则' },
};

/** The Chinese message of a code; a `<thing>.not_found` without its own entry still reads as Chinese. */
export function problemMessageZh(code: string): ProblemMessage | undefined {
  return problemMessagesZh[code] ?? (code.endsWith('.not_found') ? { title: '没有找到所请求的对象' } : undefined);
}
