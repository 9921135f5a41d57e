// Static SVG for a chart (CLI `run` writes DIR/<chart>.svg): ECharts' server-side renderer,
// no DOM. Deterministic: animation is forced off, and zrender's generated names, which count
// across the whole process (class "zr3-cls-17", clip path "zr3-c2", gradient "zr3-g0"), are
// renumbered in order of first appearance, so the same spec always gives the same string.
import * as echarts from 'echarts';
import type { ChartSpec } from '../../shared/charts/types.ts';

export const defaultSvgWidth = 800;
export const defaultSvgHeight = 500;

export function renderSvg(spec: ChartSpec): string {
  const width = spec.width ?? defaultSvgWidth;
  const height = spec.height ?? defaultSvgHeight;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...spec.option, animation: false });
    return renumberGeneratedNames(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** "zr<instance>-<kind><counter>" names -> "zr0-<kind><i>", i counting first appearances per kind. */
export function renumberGeneratedNames(svg: string): string {
  const renamed = new Map<string, string>();
  const counters = new Map<string, number>();
  return svg.replace(/\bzr\d+-(cls-|[a-z]+)(\d+)\b/g, (name: string, kind: string) => {
    let canonical = renamed.get(name);
    if (canonical === undefined) {
      const next = counters.get(kind) ?? 0;
      counters.set(kind, next + 1);
      canonical = `zr0-${kind}${next}`;
      renamed.set(name, canonical);
    }
    return canonical;
  });
}
