/**
 * Why tfjs's WebGPU back end cannot run here (Dawn's binding does not load, or it finds no adapter), or null
 * when it can: probed the way the back end does, before a test file decides whether to skip.
 */
export async function webGpuUnavailableReason(): Promise<string | null> {
  try {
    const { create } = (await import('webgpu')) as unknown as { create(flags: string[]): { requestAdapter(): Promise<object | null> } };
    return (await create([]).requestAdapter()) ? null : 'Dawn found no WebGPU adapter (no Vulkan driver)';
  } catch (error) {
    return `the Dawn binding did not load: ${(error as Error).message}`;
  }
}
