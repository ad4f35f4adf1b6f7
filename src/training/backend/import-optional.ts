/**
 * Imports a package the user may or may not have installed. The specifier is a variable so TypeScript
 * and bundlers do not demand the package; "not installed" is told apart from "installed but broken"
 * (e.g. a native library missing), because the second needs a different fix.
 */
export async function importOptional(specifier: string): Promise<{ ok: true; module: unknown } | { ok: false; reason: string }> {
  try {
    return { ok: true, module: await import(specifier) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(specifier)) {
      return { ok: false, reason: 'is not installed' };
    }
    return { ok: false, reason: `failed to load: ${firstLine(message)}` };
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}
