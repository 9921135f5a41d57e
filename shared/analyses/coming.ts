// A placeholder definition for an analysis announced in the gallery but not built yet:
// it has no options and cannot run.
import { z } from 'zod';
import { defineAnalysis } from './define.ts';

export function comingAnalysis(kind: string, title: string, summary: string) {
  return defineAnalysis({
    kind,
    version: 0,
    title,
    summary,
    status: 'coming',
    usesTensorflow: kind === 'rnn',
    inputs: {},
    roles: {},
    options: z.object({}),
    fields: {},
    tables: {},
    charts: {},
  });
}
