// The trained model as a run stores it in the project, and back: the weights (Float64 bytes,
// the kernel's parameter layout), a JSON description (shape, features in training order,
// their scaling, max_length, how segments are assigned) and the segment reference points
// (segment-model.ts). What comes back from a project file is checked before it is used: a
// damaged or foreign artifact is refused with a message, never read as numbers.
import { z } from 'zod';
import { InputError } from '../../../shared/errors.ts';
import { parameterCount, type ModelShape } from './model.ts';
import type { FeatureScaling } from './sequences.ts';
import { segmentModelFromArtifacts, type SegmentModel, type SegmentModelHeader } from './segment-model.ts';

export interface SavedModel {
  shape: ModelShape;
  features: string[];
  scaling: FeatureScaling[];
  maxLength: number;
  segments: SegmentModelHeader;
}

export interface LoadedModel extends SavedModel {
  params: Float64Array;
  segmentModel: SegmentModel;
}

const finiteOrNull = z.union([z.number(), z.null()]).transform((v) => (v === null ? NaN : v));

const savedModelSchema = z.object({
  shape: z.object({
    cell: z.enum(['gru', 'lstm']),
    inputSize: z.number().int().positive(),
    units: z.number().int().positive(),
    denseUnits: z.number().int().positive(),
  }),
  features: z.array(z.string()).min(1),
  scaling: z.array(
    z.object({
      feature: z.string(),
      kind: z.enum(['flag', 'standardised']),
      mean: finiteOrNull,
      sd: finiteOrNull,
    }),
  ),
  maxLength: z.number().int().positive(),
  segments: z.object({
    method: z.enum(['dbscan', 'kmeans']),
    radius: z.number().nonnegative().nullable(),
    dimension: z.number().int().positive(),
    clusterCount: z.number().int().nonnegative(),
    referenceCount: z.number().int().nonnegative(),
  }),
});

/** Float64 values as bytes (an artifact) and back (a copy, so the bytes may be anywhere). */
export function float64Bytes(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}
export function bytesToFloat64(bytes: Uint8Array | undefined): Float64Array | undefined {
  if (!bytes || bytes.byteLength % 8 !== 0) return undefined;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

/** The model of a finished rnn run from its artifacts; an InputError when they do not fit. */
export function loadSavedModel(artifacts: Record<string, Uint8Array> | undefined): LoadedModel {
  const damaged = (what: string) =>
    new InputError(`the trained model is incomplete (${what}); run the behavioral-sequence analysis again`);
  const json = artifacts?.model;
  if (!json) throw damaged('no model description');
  let description: z.infer<typeof savedModelSchema>;
  try {
    description = savedModelSchema.parse(JSON.parse(new TextDecoder().decode(json)));
  } catch {
    throw damaged('its description cannot be read; it may come from an older version');
  }
  const params = bytesToFloat64(artifacts.weights);
  if (!params || params.length !== parameterCount(description.shape)) throw damaged('weights');
  if (
    description.features.length !== description.shape.inputSize ||
    description.scaling.length !== description.features.length
  ) {
    throw damaged('features');
  }
  const segmentModel = segmentModelFromArtifacts(
    description.segments,
    artifacts.segment_points,
    artifacts.segment_labels,
  );
  if (segmentModel.dimension !== description.shape.denseUnits) throw damaged('segment points');
  return { ...description, params, segmentModel };
}
