// The colour of each state, the same in the wizard, the legend above the results and every
// chart, because all three ask the chart module (shared/charts/sequence-common.ts): the colour
// the analyst set (option `colors`), else the theme's categorical palette in alphabet order
// (skipping colours the analyst already took); the missing state "*" always the palette's grey.
// The wizard knows the alphabet and the colours before any run; the results read both from
// the Result (the map lists the states in chart order).
import type { Result } from '../../../shared/result.ts';
import type { ChartThemeName } from '../../../shared/charts/palette.ts';
import { chartTheme } from '../../../shared/charts/palette.ts';
import { missingState, sequenceStateColors, stateLabel } from '../../../shared/charts/sequence.ts';
import { stateColorMap } from '../../../shared/charts/sequence-common.ts';

export { missingState, stateLabel };

const hexColor = /^#[0-9a-fA-F]{6}$/;

/** The colour of each state of an alphabet, and of "*", as the charts of a run with these options draw them. */
export function stateColors(
  alphabet: readonly string[],
  colors: Readonly<Record<string, string>>,
  theme: ChartThemeName,
): Map<string, string> {
  const given = new Map(Object.entries(colors).filter(([, color]) => hexColor.test(color)));
  return stateColorMap([...alphabet, missingState], given, chartTheme(theme));
}

/** A Result's state colours, exactly as its charts draw them. */
export function resultStateColors(result: Result, theme: ChartThemeName): Map<string, string> {
  return sequenceStateColors(result, theme);
}
