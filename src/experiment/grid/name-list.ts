import { jsonText } from '../../util/json-fields.ts';

/** Names usable as a folder name and in a comma-separated flag: configurations, fake types, compression levels. */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,79}$/;

export function isName(value: unknown): value is string {
  return typeof value === 'string' && namePattern.test(value);
}

export const nameRule = 'letters, digits and . _ + - (starting with a letter or digit, at most 80)';

/**
 * A list of names as the grid file may write it: an array (["reenact", "graphic"]) or one comma-separated
 * string ("reenact,graphic"), as the `ftd train` flag takes it. `field` is the dotted path for messages.
 */
export function readNameList(value: unknown, source: string, field: string): string[] {
  const items = typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
  if (!Array.isArray(items) || items.length === 0) {
    throw new TypeError(`${source}: ${field} must be a non-empty list of names (an array of strings or one comma-separated string), got ${jsonText(value)}`);
  }
  const bad = items.find((item) => !isName(item));
  if (bad !== undefined) throw new RangeError(`${source}: ${field} must hold names of ${nameRule}, got ${jsonText(bad)} in ${jsonText(value)}`);
  const repeated = items.find((item, i) => items.indexOf(item) !== i);
  if (repeated !== undefined) throw new RangeError(`${source}: ${field} names ${jsonText(repeated)} twice`);
  return items as string[];
}
