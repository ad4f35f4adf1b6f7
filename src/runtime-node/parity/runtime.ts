import type { ParityReport } from '../../runtime-common/run-parity.ts';
import type { NodePlacement } from '../node-placement.ts';

/** Every place a model folder can be run and checked against its reference outputs. */
export const PARITY_RUNTIME_NAMES = ['node-cpu', 'node-webgpu', 'node-cuda', 'web-wasm', 'browser-wasm', 'browser-webgpu'] as const;
export type ParityRuntimeName = (typeof PARITY_RUNTIME_NAMES)[number];

export interface ParityRunOptions {
  /** Run detector.onnx (TopK in the graph) instead of teacher + student with the mask in code. */
  readonly fused?: boolean;
}

/**
 * One runtime the parity gate can check. A runtime that cannot run on this machine says why instead of
 * failing, so the gate can list it as skipped (and fail only when it was asked for by name).
 */
export interface ParityRuntime {
  readonly name: ParityRuntimeName;
  /** undefined when it can run here, else why not (printed as "skipped: <reason>"). */
  unavailableReason(): Promise<string | undefined>;
  run(modelFolder: string, options: ParityRunOptions): Promise<ParityReport>;
}

/** What onnxruntime-node runtimes add to a report: which EP ran how many nodes (see node-placement.ts). */
export interface PlacedParityReport extends ParityReport {
  readonly placement?: NodePlacement;
}
