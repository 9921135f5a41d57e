// What an analysis's folder may say about its wizard and its results: a wizard section of its
// own for options the generic generator cannot show well (a state editor, profiles), which
// tables open by default (long per-customer tables start folded), and an optional summary line.
import type { Component } from 'svelte';
import type { Result } from '../../shared/result.ts';
import type { AnalysisDefinition } from '../../shared/analyses/define.ts';
import type { AppState } from '../lib/state.svelte.ts';
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

export interface AnalysisPanels {
  /** A wizard section for the options the generic wizard cannot show well. */
  wizard?: WizardSection;
  /** Tables shown open; the others start folded (their charts and CSV export still work). */
  openTables?: string[];
  /** One line above the results, e.g. "4 segments, silhouette 0.62". */
  headline?: (result: Result) => string | undefined;
}
