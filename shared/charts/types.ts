// The chart-builder contract (DESIGN.md section 2): a Result's tables in, ECharts options
// out. Builders read result.tables only, never hidden state, so a chart always agrees with
// the table an analyst exports; a chart whose tables are absent is left out of the record.
// The same options drive the renderer (interactive canvas) and the CLI (SVG, main/charts).
import type { EChartsOption } from 'echarts';
import type { Result } from '../result.ts';
import type { ChartThemeName } from './palette.ts';

export interface ChartSpec {
  title: string;
  option: EChartsOption;
  /** Preferred size in pixels for static output; 800 x 500 when absent. */
  width?: number;
  height?: number;
}

export interface ChartBuildOptions {
  /** Light (default) or dark colours. */
  theme?: ChartThemeName;
  /**
   * Most points a scatter draws (a deterministic, segment-stratified sample beyond it).
   * Default 20,000, which keeps an SVG small; the interactive renderer may pass Infinity.
   */
  maxScatterPoints?: number;
}

export type ChartBuilder = (result: Result, options?: ChartBuildOptions) => Record<string, ChartSpec>;
