import { readFileSync } from "node:fs";
import { FEATURE_NAMES, type Features } from "./features.js";

/**
 * A logistic regression over {@link Features}: the probability that a passage answers the
 * question. Trained by `npm run train-confidence` on development sets only; its weights are
 * data (`confidence-model.json`), so an operator can retrain it on their own labelled questions.
 */
export interface ConfidenceModel {
  readonly features: readonly string[];
  readonly weights: readonly number[];
  readonly bias: number;
  /**
   * Weights for passages a question reached across languages: translations match less and
   * noisier, so the same features mean something else there.
   */
  readonly crossed?: { readonly weights: readonly number[]; readonly bias: number };
  /** Where the weights came from (sets and sizes), for the record. */
  readonly trainedOn?: string;
}

/** The model shipped with the engine. */
export const MODEL_FILE = new URL("./confidence-model.json", import.meta.url);

/** Thrown when a model file does not fit this engine's features. */
export class ConfidenceModelError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}; retrain it with \`npm run train-confidence\``);
    this.name = "ConfidenceModelError";
  }
}

/** Checks that `value` is a model for exactly this engine's features. */
export function parseModel(value: unknown, file: string): ConfidenceModel {
  const model = value as Partial<ConfidenceModel> | null;
  if (!model || !Array.isArray(model.features) || !Array.isArray(model.weights))
    throw new ConfidenceModelError(file, "not a confidence model (features, weights, bias)");
  if (model.features.join() !== FEATURE_NAMES.join())
    throw new ConfidenceModelError(file, "its features are not this engine's");
  for (const part of [model, ...(model.crossed ? [model.crossed] : [])]) {
    if (
      part.weights?.length !== FEATURE_NAMES.length ||
      !part.weights.every(Number.isFinite) ||
      !Number.isFinite(part.bias)
    )
      throw new ConfidenceModelError(file, "its weights are not finite numbers, one per feature");
  }
  return model as ConfidenceModel;
}

let shipped: ConfidenceModel | undefined;

/** The shipped model, read once. */
export function shippedModel(): ConfidenceModel {
  shipped ??= parseModel(JSON.parse(readFileSync(MODEL_FILE, "utf8")), MODEL_FILE.pathname);
  return shipped;
}

/** The model's linear score of one passage, before the logistic function. */
export function logit(model: ConfidenceModel, features: Features): number {
  const part = features.crossed && model.crossed ? model.crossed : model;
  let z = part.bias;
  FEATURE_NAMES.forEach((name, i) => {
    z += (part.weights[i] ?? 0) * features[name];
  });
  return z;
}

/** Probability in [0, 1] that the passage answers the question. */
export function confidenceOf(model: ConfidenceModel, features: Features): number {
  return 1 / (1 + Math.exp(-logit(model, features)));
}
