/**
 * What WebGPU adapter this machine offers, asked through Dawn's Node binding (npm `webgpu`, the one the
 * trainer uses); onnxruntime's webgpu EP picks its adapter from the same Vulkan drivers. On a server with no
 * GPU that adapter is a CPU rasteriser (Mesa's llvmpipe, SwiftShader): correct, but far slower than the cpu
 * EP, so `--ep auto` must not choose it.
 */
export interface WebGpuAdapterSummary {
  readonly description: string;
  /** A CPU implementation of WebGPU, not a GPU. */
  readonly software: boolean;
}

let asked: Promise<WebGpuAdapterSummary | undefined> | undefined;

/** The default adapter, or undefined when none exists or Dawn's binding is not installed. Asked once. */
export function webGpuAdapter(): Promise<WebGpuAdapterSummary | undefined> {
  asked ??= askDawn();
  return asked;
}

async function askDawn(): Promise<WebGpuAdapterSummary | undefined> {
  try {
    const { create } = await import('webgpu');
    const adapter = await create([]).requestAdapter();
    if (!adapter) return undefined;
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || 'unnamed adapter';
    const software = info.isFallbackAdapter === true || info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(description);
    return { description, software };
  } catch {
    return undefined;
  }
}
