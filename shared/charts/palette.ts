// Colours shared by every chart, so a segment keeps its colour from the scatter to the bar
// chart to the heatmap and from one analysis to the next. The categorical palette is
// Tableau 10 (Maureen Stone's, designed to stay distinguishable for the common colour-vision
// deficiencies and calm enough for long sessions) without its grey, which is kept for noise:
// segment 0 (DBSCAN noise) is always grey, segment i >= 1 always categorical[(i - 1) mod 9].
// The dark variants are the same hues lightened so that they hold contrast on a dark ground.

export type ChartThemeName = 'light' | 'dark';

export interface ChartTheme {
  name: ChartThemeName;
  /** The one accent colour, for single-series charts (lines, reference marks). */
  accent: string;
  /** Segment 1, 2, ... in this order, cycling after the last. */
  categorical: readonly string[];
  /** Noise (segment 0) and anything "other". */
  noise: string;
  background: string;
  text: string;
  mutedText: string;
  axisLine: string;
  gridLine: string;
  /** Diverging ramp for z-scores: below average, average, above average (blue / neutral / orange). */
  diverging: readonly [string, string, string];
  /** Text drawn on top of the diverging ramp. */
  textOnRamp: string;
  fontFamily: string;
}

const fontFamily = "Inter, 'Segoe UI', 'Helvetica Neue', Helvetica, Arial, sans-serif";

export const lightTheme: ChartTheme = {
  name: 'light',
  accent: '#2F6CA3',
  categorical: [
    '#4E79A7',
    '#F28E2B',
    '#E15759',
    '#76B7B2',
    '#59A14F',
    '#EDC948',
    '#B07AA1',
    '#FF9DA7',
    '#9C755F',
  ],
  noise: '#A0A0A0',
  background: '#FFFFFF',
  text: '#1F2328',
  mutedText: '#57606A',
  axisLine: '#8C959F',
  gridLine: '#E6E8EB',
  diverging: ['#6F9FD8', '#F7F7F7', '#F2A65A'],
  textOnRamp: '#1F2328',
  fontFamily,
};

export const darkTheme: ChartTheme = {
  name: 'dark',
  accent: '#6FA8DC',
  categorical: [
    '#7AA6D6',
    '#F7A85A',
    '#EE8587',
    '#9CD3CE',
    '#82C37A',
    '#F2D86E',
    '#C9A0BD',
    '#FFB8C0',
    '#C09A82',
  ],
  noise: '#7D7D7D',
  background: '#1E1F22',
  text: '#E6E6E6',
  mutedText: '#A8ABB0',
  axisLine: '#7D8288',
  gridLine: '#33363B',
  diverging: ['#2F5B8A', '#34363A', '#9A5A1E'],
  textOnRamp: '#F2F2F2',
  fontFamily,
};

export function chartTheme(name: ChartThemeName = 'light'): ChartTheme {
  return name === 'dark' ? darkTheme : lightTheme;
}

/** The colour of a segment: grey for 0 (noise), a fixed categorical colour for i >= 1. */
export function segmentColor(segment: number, theme: ChartTheme = lightTheme): string {
  if (segment === 0) return theme.noise;
  const n = theme.categorical.length;
  const index = (((Math.trunc(segment) - 1) % n) + n) % n;
  return theme.categorical[index]!;
}

/** How a segment is named in legends and axes: "Noise" for 0, else "Segment i". */
export function segmentName(segment: number): string {
  return segment === 0 ? 'Noise' : `Segment ${segment}`;
}
