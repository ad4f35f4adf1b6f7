/**
 * How a WebGPU adapter is described and whether it is a CPU rasteriser: the one rule for the trainer's webgpu
 * back end and onnxruntime-node's `--ep auto`. Imports nothing, so the probe's child process can use it.
 */

/** The slice of `GPUAdapterInfo` read here, typed locally: lib.dom's GPU types lag the spec (no `adapter.info`). */
export interface AdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

export interface WebGpuAdapterSummary {
  readonly description: string;
  /** A CPU implementation of WebGPU (Mesa's llvmpipe/lavapipe, SwiftShader), not a GPU. */
  readonly software: boolean;
}

/** lavapipe reports itself as llvmpipe; SwiftShader and newer Dawn say `architecture: 'software'` or fallback. */
export function summariseAdapter(info: AdapterInfo): WebGpuAdapterSummary {
  const description = describeAdapter(info);
  const software = info.isFallbackAdapter === true || info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(description);
  return { description, software };
}

function describeAdapter(info: AdapterInfo): string {
  if (info.description) return info.description;
  const parts = [info.vendor, info.architecture, info.device].filter((part) => part);
  return parts.length > 0 ? parts.join(' ') : 'an unnamed WebGPU adapter';
}
