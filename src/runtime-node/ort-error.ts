/**
 * The reason in an onnxruntime error, for one-line reports. Its messages start with the source file and line
 * of the check that failed and the check's expression ("... status == Success was false. <reason>"); users
 * need only what follows.
 */
export function ortErrorReason(error: unknown): string {
  const text = String(error instanceof Error ? error.message : error).trim();
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.split(' was false. ').at(-1)!.trim().slice(0, 300);
}
