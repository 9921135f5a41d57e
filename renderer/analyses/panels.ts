// What an analysis's folder may say about its wizard and its results: a wizard section of its
// own for options the generic generator cannot show well (a state editor, profiles), which
// tables open by default (long per-customer tables start folded) or stand above the charts, an
// optional summary line, a live view of the rows the engine reports while it runs (e.g. a
// training curve), and a block of controls above the results (e.g. re-clustering).
import type { Component } from 'svelte';
import type { Result } from '../../shared/result.ts';
import type { AnalysisDefinition } from '../../shared/analyses/define.ts';
import type { Analysis, AppState, Run } from '../lib/state.svelte.ts';
import type { PartialTable } from '../lib/partialTables.ts';
import type { ColumnInfo, WizardMessage, WizardModel, WizardState } from '../lib/wizard.ts';

/** What the wizard page gives an analysis's own wizard section. */
export interface WizardSectionProps {
  app: AppState;
  definition: AnalysisDefinition;
  model: WizardModel;
  /** The wizard's state: the section edits its owned roles and `structured` options in place. */
  values: WizardState;
  /** Columns of the dataset chosen for each input (empty when none is chosen). */
  columns: Record<string, readonly ColumnInfo[]>;
  /** The page's messages (the schema's and analyses.validate's), each with its option path. */
  messages: readonly WizardMessage[];
  /** Whether the analyst has tried to run (messages about missing entries show from then on). */
  attempted: boolean;
  /** The first step number the section's own fieldsets take (the generic ones are numbered). */
  step: number;
  /** Call after any change (clears main's messages, which were about the previous options). */
  onchange: () => void;
}

/** What the page may ask a mounted wizard section. */
export interface WizardSectionExports {
  /**
   * The section's own blocking messages (entries that do not parse, data checks from column
   * summaries), with option paths; the page adds them to its own before running.
   */
  check(): WizardMessage[];
}

export interface WizardSection {
  /** Roles and options (by name) the section shows; the generic steps leave them out. */
  owns: string[];
  /** How many numbered fieldsets the section adds. */
  steps: number;
  component: Component<WizardSectionProps, WizardSectionExports>;
}

/** What the run panel gives an analysis's live view while a run goes on. */
export interface LiveViewProps {
  app: AppState;
  /** The analysis being run (its saved options: e.g. how many epochs are planned). */
  analysis: Analysis;
  /** The rows the engine has reported so far, per table (empty until the first arrives). */
  tables: Readonly<Record<string, PartialTable>>;
}

/** What the analysis screen gives an analysis's controls above a run's results. */
export interface ResultControlsProps {
  app: AppState;
  analysis: Analysis;
  /** The finished run whose results are shown below. */
  run: Run;
  /** Every run of the analysis, newest first. */
  runs: readonly Run[];
}

export interface AnalysisPanels {
  /** A wizard section for the options the generic wizard cannot show well. */
  wizard?: WizardSection;
  /** Tables shown open; the others start folded (their charts and CSV export still work). */
  openTables?: string[];
  /** Tables shown (open) above the charts: the analyst's main deliverable. */
  leadTables?: string[];
  /** One line above the results, e.g. "4 segments, silhouette 0.62". */
  headline?: (result: Result) => string | undefined;
  /** Draws the rows reported while running; without it the run panel lists them as tables. */
  live?: Component<LiveViewProps>;
  /** Controls above a finished run's results that run the analysis again (e.g. re-cluster). */
  controls?: Component<ResultControlsProps>;
}
