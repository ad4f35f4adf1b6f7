/** A comma-separated flag value -> its trimmed, non-empty items; undefined when the flag was not given. */
export function commaList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}
