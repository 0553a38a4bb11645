import { existsSync } from 'node:fs';
import type { AnnualReport } from '../domain/annual-report';
import { annualReportCharts, annualReportDocx, type ChartImage, type ChartSpec } from './annual-report.docx';

/** CJK fonts the charts can use, in order of preference: Debian's fonts-noto-cjk first (installed by .ci/run). */
const knownCjkFonts: { family: string; files: string[] }[] = [
  {
    family: 'Noto Sans CJK SC',
    files: [
      '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
      '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
    ],
  },
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc'] },
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc'] },
  { family: 'WenQuanYi Micro Hei', files: ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'] },
  { family: 'PingFang SC', files: ['/System/Library/Fonts/PingFang.ttc'] },
  { family: 'Microsoft YaHei', files: ['C:\\Windows\\Fonts\\msyh.ttc'] },
];

export interface ChartFonts {
  /** The CJK family found, or null: the charts then come out without their Chinese labels. */
  family: string | null;
  files: string[];
  /** Without a known CJK font: scan the system's fonts (resvg's own lookup) for whatever is there. */
  scanSystem: boolean;
}

let detected: ChartFonts | undefined;
/** The first known CJK font present on this machine (looked up once). */
export function detectChartFonts(): ChartFonts {
  detected ??= (() => {
    for (const font of knownCjkFonts) {
      const files = font.files.filter((f) => existsSync(f));
      if (files.length > 0) return { family: font.family, files, scanSystem: false };
    }
    return { family: null, files: [], scanSystem: true };
  })();
  return detected;
}

/**
 * SVG → PNG with resvg (a native module from npm, loaded on first use). With a known CJK font only that font is
 * loaded (fast, predictable); without one the system fonts are scanned, and text without a glyph is left out rather
 * than failing.
 */
export async function svgToPng(
  svg: string,
  { width, scale = 2, fonts = detectChartFonts() }: { width: number; scale?: number; fonts?: ChartFonts },
) {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    background: '#ffffff',
    font:
      fonts.family === null
        ? { loadSystemFonts: fonts.scanSystem }
        : {
            loadSystemFonts: false,
            fontFiles: fonts.files,
            defaultFontFamily: fonts.family,
            sansSerifFamily: fonts.family,
          },
  });
  return resvg.render().asPng();
}

/** No font at all (tests of the fallback). */
export const noFonts: ChartFonts = { family: null, files: [], scanSystem: false };

export interface RenderedDocument {
  docx: Buffer;
  charts: number;
  /** Why a chart is missing or incomplete, when it is (also printed in the document under the charts). */
  chartNote?: string;
}

/** The annual report as a .docx with its charts; a chart that cannot be drawn is replaced by a note, never fatal. */
export async function renderAnnualReportDocument(
  report: AnnualReport,
  {
    fonts = detectChartFonts(),
    onWarning = () => {},
  }: { fonts?: ChartFonts; onWarning?: (message: string, err?: unknown) => void } = {},
): Promise<RenderedDocument> {
  const charts: ChartImage[] = [];
  let chartNote: string | undefined;
  let specs: ChartSpec[] = [];
  try {
    specs = await annualReportCharts(report);
    for (const spec of specs)
      charts.push({
        title: spec.title,
        png: await svgToPng(spec.svg, { width: spec.width, fonts }),
        width: spec.width,
        height: spec.height,
      });
    if (fonts.family === null) {
      chartNote = '注：生成本报告的服务器未安装中文字体，图中中文标注可能缺失（安装 fonts-noto-cjk 后重新生成即可）。';
      onWarning('no CJK font found for the report charts: their Chinese labels may be missing');
    }
  } catch (err) {
    charts.length = 0;
    chartNote = '注：图表未能生成，各项数据见上文表格。';
    onWarning('report charts could not be rendered; the document has the tables only', err);
  }
  const docx = await annualReportDocx(report, {
    charts,
    ...(chartNote ? { chartNote } : {}),
    generatedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
  });
  return { docx, charts: charts.length, ...(chartNote ? { chartNote } : {}) };
}
