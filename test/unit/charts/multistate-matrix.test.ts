// The probability-matrix chart: one heatmap frame per prediction time on a timeline, rows
// the start state, cells the probability as a percentage; renders to SVG at the last time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeatmapSeriesOption } from 'echarts';
import { makeTable } from '../../../shared/result.ts';
import { matrixFrames, probabilityMatrix } from '../../../shared/charts/multistate-matrix.ts';
import { lightTheme } from '../../../shared/charts/palette.ts';
import { renderSvg } from '../../../main/charts/svg.ts';

const matrix = makeTable(
  'P',
  [
    { name: 'time', type: 'number' },
    { name: 'from', type: 'string' },
    { name: 'to', type: 'string' },
    { name: 'prob', type: 'number' },
    { name: 'se', type: 'number' },
  ],
  [
    [10, 'A', 'A', 0.75, 0.01],
    [10, 'A', 'B', 0.25, 0.01],
    [10, 'B', 'A', 0, 0],
    [10, 'B', 'B', 1, 0],
    [5, 'A', 'A', 0.9, 0.02],
    [5, 'A', 'B', 0.1, 0.02],
    [5, 'B', 'A', 0, 0],
    [5, 'B', 'B', 1, 0],
  ],
);

test('frames by ascending time, states in first-appearance order', () => {
  const { times, states, cells } = matrixFrames(matrix);
  assert.deepEqual(times, [5, 10]);
  assert.deepEqual(states, ['A', 'B']);
  assert.equal(cells.get(10)?.length, 4);
});

test('one timeline frame per time, starting at the last; cells are [to, from, prob] with percentage labels', () => {
  const spec = probabilityMatrix(matrix, 'Transition probability matrix', lightTheme);
  assert.ok(spec);
  const option = spec.option as {
    baseOption: { timeline: { data: string[]; currentIndex: number } };
    options: { series: HeatmapSeriesOption[] }[];
  };
  assert.deepEqual(option.baseOption.timeline.data, ['5', '10']);
  assert.equal(option.baseOption.timeline.currentIndex, 1);
  const last = option.options[1]!.series[0]!.data as { value: number[]; label: { formatter: string } }[];
  const aToB = last.find((cell) => cell.value[0] === 1 && cell.value[1] === 0);
  assert.deepEqual(aToB?.value, [1, 0, 0.25]);
  assert.equal(aToB?.label.formatter, '25.0%');
  const svg = renderSvg(spec);
  assert.match(svg, /^<svg/);
  assert.match(svg, /25\.0%/);
  assert.doesNotMatch(svg, /10\.0%/, 'the static image shows the last time only');
});

test('an empty table gives no chart', () => {
  assert.equal(probabilityMatrix({ ...matrix, rows: [] }, 'P', lightTheme), undefined);
});
