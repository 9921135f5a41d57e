// The live diagram's layout: layers by longest path from the start state (absorbing states on
// the right), cycles broken, unreachable states one layer further, arrows around states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  diagramHeight,
  diagramOption,
  layoutStates,
} from '../../../../../renderer/analyses/multistate/layout.ts';
import { lightTheme } from '../../../../../shared/charts/palette.ts';

const states = ['Subscribed', 'EmailUnsub', 'Paused', 'UnsubPaused', 'Cancelled'];
const transitions: [string, string][] = [
  ['Subscribed', 'EmailUnsub'],
  ['Subscribed', 'Paused'],
  ['Subscribed', 'Cancelled'],
  ['EmailUnsub', 'UnsubPaused'],
  ['EmailUnsub', 'Cancelled'],
  ['Paused', 'UnsubPaused'],
  ['Paused', 'Cancelled'],
  ['UnsubPaused', 'Cancelled'],
];

test('subscription: four layers, the two middle states side by side', () => {
  assert.deepEqual(
    layoutStates(states, transitions).map((p) => [p.state, p.layer, p.row]),
    [
      ['Subscribed', 0, 0],
      ['EmailUnsub', 1, -0.5],
      ['Paused', 1, 0.5],
      ['UnsubPaused', 2, 0],
      ['Cancelled', 3, 0],
    ],
  );
});

test('a cycle between two states and a state nothing reaches', () => {
  const positions = layoutStates(
    ['A', 'B', 'C', 'D', 'Lone'],
    [
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'B'],
      ['C', 'D'],
    ],
  );
  assert.deepEqual(
    positions.map((p) => [p.state, p.layer]),
    [
      ['A', 0],
      ['B', 1],
      ['C', 2],
      ['D', 3],
      ['Lone', 4],
    ],
  );
  assert.deepEqual(layoutStates([], []), []);
  assert.deepEqual(layoutStates(['Only'], []), [{ state: 'Only', layer: 0, row: 0 }]);
});

test('the option: numbered arrows, bent around a state in the way, and counts when given', () => {
  const option = diagramOption(states, transitions, { theme: lightTheme });
  const series = (
    option.series as {
      data: { name: string }[];
      links: {
        source: string;
        target: string;
        label: { formatter: string };
        lineStyle: { curveness: number };
      }[];
    }[]
  )[0]!;
  assert.deepEqual(
    series.data.map((d) => d.name).filter((name) => !name.startsWith('\u0000')),
    states,
  );
  assert.ok(series.data.length > states.length, 'invisible nodes keep the curves inside the box');
  assert.deepEqual(
    series.links.map((l) => l.label.formatter),
    ['1', '2', '3', '4', '5', '6', '7', '8'],
  );
  const direct = series.links.find((l) => l.source === 'Subscribed' && l.target === 'Cancelled')!;
  assert.ok(direct.lineStyle.curveness > 0, 'Subscribed -> Cancelled passes over UnsubPaused: it bends');
  const neighbour = series.links.find((l) => l.source === 'UnsubPaused' && l.target === 'Cancelled')!;
  assert.equal(neighbour.lineStyle.curveness, 0);
  const below = series.links.find((l) => l.source === 'Paused' && l.target === 'Cancelled')!;
  assert.ok(below.lineStyle.curveness < 0, 'Paused -> Cancelled bends below UnsubPaused, away from it');
  assert.ok(diagramHeight(states, transitions) > diagramHeight(states.slice(0, 2), transitions.slice(0, 1)));
  const counted = diagramOption(states, transitions, {
    theme: lightTheme,
    counts: [510, 371, 476, 192, 247, 149, 187, 252],
  });
  const countedLinks = (counted.series as { links: { label: { formatter: string } }[] }[])[0]!.links;
  assert.equal(countedLinks[0]!.label.formatter, '510');
});
