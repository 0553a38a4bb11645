import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  formatNumber,
  summaryParagraph,
  type AnnualReport,
  type FourMustFigures,
  type FourMustKind,
} from '../domain/annual-report';

// The annual report as the Word document the office hands in (domain.md §5): pure, from the figures and the chart
// images to the .docx bytes. The charts are drawn by echarts as SVG here; turning SVG into PNG needs fonts and a
// native renderer, which reports/report-document.ts supplies.

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface ChartImage {
  title: string;
  png: Uint8Array;
  /** Size on the page, in pixels at 96 dpi (the PNG itself may be larger, for print). */
  width: number;
  height: number;
}

export interface ChartSpec {
  title: string;
  svg: string;
  width: number;
  height: number;
}

const fourMustNames: Record<FourMustKind, string> = {
  ARCHIVE_AUDIT: '干部档案必审',
  PERSONAL_MATTERS: '个人有关事项报告必核',
  DISCIPLINE_OPINION: '纪检监察机关意见必听',
  PETITION_CHECK: '信访举报必查',
};

const stageNames: Record<string, string> = {
  INSPECTING: '考察中',
  DECIDING: '待讨论决定',
  PUBLICITY: '公示中',
  APPOINTING: '待任职',
  CLOSED: '已完成',
  CANCELLED: '已撤销',
};

const chartFont = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/** The charts of the document, as SVG drawn by echarts' server-side renderer (no DOM, no browser). */
export async function annualReportCharts(r: AnnualReport): Promise<ChartSpec[]> {
  const core = await import('echarts/core');
  const { BarChart } = await import('echarts/charts');
  const { GridComponent, LegendComponent, TitleComponent } = await import('echarts/components');
  const { SVGRenderer } = await import('echarts/renderers');
  core.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

  const draw = (title: string, width: number, height: number, option: Record<string, unknown>): ChartSpec => {
    const chart = core.init(null, null, { renderer: 'svg', ssr: true, width, height });
    try {
      chart.setOption({
        animation: false,
        backgroundColor: '#ffffff',
        textStyle: { fontFamily: chartFont },
        legend: { bottom: 0, textStyle: { fontFamily: chartFont } },
        color: ['#2f5597', '#8faadc', '#c55a11'],
        grid: { left: 48, right: 24, top: 32, bottom: 56 },
        ...option,
      });
      return { title, svg: chart.renderToSVGString(), width, height };
    } finally {
      chart.dispose();
    }
  };

  const months = r.monthly.map((m) => `${m.month}月`);
  const integerAxis = { type: 'value', minInterval: 1 };
  const label = { show: true, position: 'top', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') };
  return [
    draw(`${r.year}年按月任职与职级晋升（人次）`, 640, 320, {
      xAxis: { type: 'category', data: months },
      yAxis: integerAxis,
      series: [
        { name: '处级任职', type: 'bar', stack: 'appointments', data: r.monthly.map((m) => m.divisionAppointments) },
        { name: '科级任职', type: 'bar', stack: 'appointments', data: r.monthly.map((m) => m.sectionAppointments) },
        { name: '职级晋升', type: 'bar', data: r.monthly.map((m) => m.rankPromotions), label },
      ],
    }),
    draw(`${r.year}年教育培训（按类别）`, 640, 300, {
      xAxis: { type: 'category', data: r.training.byKind.map((k) => k.label) },
      yAxis: integerAxis,
      series: [
        { name: '期数', type: 'bar', data: r.training.byKind.map((k) => k.sessions), label },
        { name: '人次', type: 'bar', data: r.training.byKind.map((k) => k.participants), label },
      ],
    }),
  ];
}

const body = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const heading = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };

const text = (t: string, bold = false) => new TextRun({ text: t, bold });
const para = (t: string) =>
  new Paragraph({ children: [text(t)], indent: { firstLine: 480 }, spacing: { line: 360, after: 120 } });
const h1 = (t: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: [text(t)] });

function table(headers: string[], rows: (string | number)[][], widths?: number[]): Table {
  const total = widths?.reduce((a, b) => a + b, 0) ?? headers.length;
  const cell = (value: string | number, i: number, header: boolean) =>
    new TableCell({
      width: { size: Math.round(((widths?.[i] ?? 1) / total) * 5000), type: WidthType.PERCENTAGE },
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' } } : {}),
      children: [
        new Paragraph({
          alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [new TextRun({ text: String(value), bold: header, size: 21 })],
        }),
      ],
    });
  return new Table({
    width: { size: 5000, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((v, i) => cell(v, i, false)) })),
    ],
  });
}
const gap = () => new Paragraph({ children: [], spacing: { after: 120 } });
/** A note in smaller type, right under the figures it qualifies. */
const note = (t: string) =>
  new Paragraph({
    children: [new TextRun({ text: t, size: 21 })],
    indent: { firstLine: 420 },
    spacing: { line: 300, after: 80 },
  });
const fourMustTable = (f: FourMustFigures) =>
  table(
    ['核查事项', '核查人次', '无问题', '有问题不影响使用', '影响使用'],
    (Object.keys(fourMustNames) as FourMustKind[]).map((k) => [
      fourMustNames[k],
      f.checks[k].done,
      f.checks[k].clear,
      f.checks[k].issues_not_affecting,
      f.checks[k].affects_use,
    ]),
    [3, 1, 1, 1.5, 1],
  );
const none = (what: string) => para(`本年度无${what}。`);

function fourMustSentence(f: FourMustFigures): string {
  return (
    `共核查 ${f.checksDone} 人次，纪检监察机关否决 ${f.vetoes} 人，其他核查不宜使用 ${f.disqualified} 人；` +
    `纪检监察组暂停程序 ${f.holds.placed} 次（针对干部 ${f.holds.onCandidates} 次、针对批次 ${f.holds.onBatches} 次），解除 ${f.holds.lifted} 次。`
  );
}

/** The .docx: title, the summary with the five figures, a table per area, the charts (images) and the basis. */
export async function annualReportDocx(
  r: AnnualReport,
  { charts, chartNote, generatedOn }: { charts: ChartImage[]; chartNote?: string; generatedOn?: string },
): Promise<Buffer> {
  const f = r.fourMusts;
  const t = r.training;
  const o = r.objections;
  const sections = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [text(`${r.year}年度干部选拔任用工作情况报告`)],
    }),
    ...(generatedOn
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: `（数据截至 ${generatedOn}）`, size: 21 })],
          }),
        ]
      : []),
    h1('一、总体情况'),
    para(`${r.year}年，${summaryParagraph(r)}`),
    para(
      `全年召开党组讨论决定会议 ${r.decisionMeetings.held} 次，表决事项通过 ${r.decisionMeetings.items.APPROVED} 项、` +
        `未通过 ${r.decisionMeetings.items.REJECTED} 项、暂缓 ${r.decisionMeetings.items.DEFERRED} 项，回避 ${r.recusals.recusals} 人次；` +
        `新进入试用期 ${r.probation.started} 人，试用期满考核合格 ${r.probation.confirmed} 人、不合格 ${r.probation.failed} 人。`,
    ),
    // Under the figures: which date decides each, and what was left out or listed apart.
    ...r.notes.map((n) => note(`注：${n}`)),

    h1('二、干部选拔批次及结果'),
    ...(r.selectionBatchOutcomes.length === 0
      ? [none('干部选拔批次')]
      : [
          table(
            [
              '批次',
              '阶段',
              '考察对象',
              '任职',
              '否决及不宜使用',
              '表决未通过及落选',
              '公示后不予任用',
              '退出',
              '进行中',
            ],
            r.selectionBatchOutcomes.map((b) => [
              b.title,
              stageNames[b.stage] ?? b.stage,
              b.candidates,
              b.appointed,
              b.vetoed + b.disqualified,
              b.rejected + b.notSelected,
              b.cancelled,
              b.withdrawn,
              b.inProgress,
            ]),
            [3.6, 1.4, 1.2, 1, 1.5, 1.5, 1.5, 1, 1.2],
          ),
        ]),
    ...(r.cancelledBeforeDecision.length > 0
      ? [
          para(
            `作出决定前撤销、不计入批次数的批次：${r.cancelledBeforeDecision
              .map((b) => `${b.title}${b.cancelReason ? `（${b.cancelReason}）` : ''}`)
              .join('；')}。`,
          ),
        ]
      : []),
    gap(),

    h1('三、“凡提四必”落实情况'),
    para('干部选拔批次：'),
    fourMustTable(f),
    para(fourMustSentence(f)),
    para('职级晋升批次（另行统计）：'),
    fourMustTable(r.rankPromotionChecks),
    para(fourMustSentence(r.rankPromotionChecks)),

    h1('四、任前公示期间举报受理情况'),
    table(
      ['受理', '其中群众来信来电', '查实不予任用', '暂缓任用', '不属实', '一般性问题', '办理中'],
      [[o.received, o.fromPublic, o.upheld, o.suspended, o.unfounded, o.minor, o.open]],
    ),
    note('注：一件举报先暂缓任用、后查清处理的，两种处理结果各计一次。'),
    gap(),

    h1('五、职级晋升情况（按晋升后职级）'),
    ...(r.rankPromotions.byTargetRank.length === 0
      ? [none('职级晋升')]
      : [
          table(
            ['晋升后职级', '晋升（任）', '人数'],
            [
              ...r.rankPromotions.byTargetRank.map((x) => [x.rank, x.promotions, x.people]),
              ['合计', r.rankPromotions.promotions, r.rankPromotions.people],
            ],
            [2, 1, 1],
          ),
        ]),
    gap(),

    h1('六、教育培训情况（按培训类别）'),
    table(
      ['培训类别', '期数', '培训人次', '学时', '人均学时', '教学质量评估平均分', '测试人次', '合格率', '测试平均分'],
      [...t.byKind, { ...t, label: '合计' }].map((k) => [
        k.label,
        k.sessions,
        k.participants,
        formatNumber(k.hours),
        k.participants === 0 ? '—' : formatNumber(k.participantHours / k.participants),
        k.teachingQualityAverage === null
          ? '—'
          : `${formatNumber(k.teachingQualityAverage)}（${k.evaluatedSessions} 期）`,
        k.tested,
        k.passRate === null ? '—' : `${k.passRate}%`,
        k.testScoreAverage === null ? '—' : formatNumber(k.testScoreAverage),
      ]),
      [1.8, 0.9, 1.1, 1, 1.1, 2.3, 1.1, 1.4, 1.3],
    ),
    gap(),

    h1('七、图表'),
    ...charts.flatMap((c, i) => [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new ImageRun({
            type: 'png',
            data: c.png,
            transformation: { width: c.width, height: c.height },
            altText: { name: c.title, title: c.title, description: c.title },
          }),
        ],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240 },
        children: [new TextRun({ text: `图${i + 1}  ${c.title}`, size: 21, bold: true })],
      }),
    ]),
    ...(chartNote ? [para(chartNote)] : []),

    h1('八、统计口径'),
    para(
      '本报告各项数据均由系统数据库按 SQL 统计生成：干部选拔批次按批次所属年度统计；新提拔处级领导职务干部和科级干部按任职通知日期统计；' +
        '职级晋升按批准日期统计；培训按开班日期统计；试用期考核结果按党组决定日期统计；其余数据按事项发生日期（北京时间）所在年度统计。' +
        '新提拔处级领导职务干部按人数（正处、副处）统计，科级干部按任职次数统计，职级晋升按批准次数统计，培训人次为各期参训人员数之和。' +
        '“凡提四必”按干部选拔批次和职级晋升批次分别统计。按缩短时限运行的测试、演练批次不计入任何数据。',
    ),
  ];

  const doc = new Document({
    creator: 'xuanren',
    title: `${r.year}年度干部选拔任用工作情况报告`,
    description: summaryParagraph(r),
    styles: {
      default: {
        document: { run: { font: body, size: 24 } },
        title: { run: { font: heading, size: 40, bold: true }, paragraph: { spacing: { after: 120 } } },
        heading1: {
          run: { font: heading, size: 28, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } },
        },
        children: sections,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
