/**
 * Why onnxruntime-web's wasm EP cannot run under this Node, or undefined when it can. The session module is
 * loaded here, not imported statically, so a broken onnxruntime-web install makes that runtime unavailable
 * instead of stopping every command.
 */
export async function webWasmUnavailableReason(): Promise<string | undefined> {
  try {
    const { webWasmMissingReason } = await import('./web-wasm-session.ts');
    return webWasmMissingReason();
  } catch (error) {
    return `onnxruntime-web cannot be loaded: ${(error as Error).message.split('\n')[0]}`;
  }
}
