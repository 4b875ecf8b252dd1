// What an engine hands back: the trained model, how far it got, and (torch) its
// own forward pass's held-out score and training time.
import type { XlmrModel } from "../../models/xlmr.ts";

export interface Trained {
  model: XlmrModel;
  steps: number;
  engine: string;
  engineHeldOut?: { loss: number; accuracy: number };
  trainSeconds?: number;
}
