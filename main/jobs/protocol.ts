// Messages between the job host and the engine worker (worker_threads today; Electron's
// utilityProcess later speaks the same protocol over its own port).
import type { Frame } from '../../shared/frame.ts';
import type { PartialRow, Result } from '../../shared/result.ts';
import type { InputErrorWhere } from '../../shared/errors.ts';
import type { BackendPreference } from '../engines/common/backend.ts';
import type { TrainedModel } from '../engines/engine.ts';

export interface JobRequest {
  kind: string;
  options: unknown;
  inputs: Record<string, Frame>;
  backend: BackendPreference;
  /** Int32 flag: 1 = cancel requested. Engines poll it through ctx.checkCancelled(). */
  cancelFlag: SharedArrayBuffer;
  /** The analysis's last finished Result, for engines whose definition declares `reuse`. */
  previous?: Result;
  /** The model the analysis applies (definition.model). */
  model?: TrainedModel;
}

export type JobMessage =
  | { type: 'progress'; fraction: number; message: string; partial?: PartialRow }
  | { type: 'done'; result: Result }
  | { type: 'cancelled' }
  | { type: 'error'; name: string; message: string; where?: InputErrorWhere; stack?: string };
