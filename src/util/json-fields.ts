/**
 * Reading parsed JSON at the boundary (run.json, model.json, manifests): typed fields whose errors name the
 * file, the dotted field path, what was expected and what was found. It imports nothing, so the browser
 * bundle can check a model.json with it too.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value's kind and, when short, the value itself: `string "fake"`, `an array of 3`, `an object`. For
 * messages where the kind is the news (a manifest row with a number where a name belongs).
 */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isRecord(value)) return isPlainObject(value) ? 'an object' : (value.constructor?.name ?? 'an object');
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}...` : text}`;
}

/** A value as it would be written in the file: `"0.25"`, `[]`, `null`; long values are cut short. */
export function jsonText(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Limits of a number field; any combination of one lower and one upper bound. */
export interface Bounds {
  above?: number;
  atLeast?: number;
  below?: number;
  atMost?: number;
}

type ErrorKind = typeof TypeError | typeof RangeError;

/** Reads typed fields of one JSON object, naming `source` and the dotted field path in every error. */
export class JsonFields {
  readonly record: Record<string, unknown>;

  /**
   * @param source where the value came from ("runs/a/run.json"), the start of every message
   * @param path the dotted path of this object in the file; '' for the whole value
   * @param wholeName what the whole value is called in a message when `path` is '' ("the configuration")
   */
  constructor(value: unknown, readonly source: string, readonly path: string, wholeName = 'the file') {
    if (!isRecord(value)) throw new TypeError(`${source}: ${path || wholeName} must be an object, got ${jsonText(value)}`);
    this.record = value;
  }

  has(key: string): boolean {
    return this.record[key] !== undefined;
  }

  /** Rejects unknown keys, so that a misspelt one does not silently fall back to a default. */
  onlyKeys(allowed: readonly string[]): void {
    for (const key of Object.keys(this.record)) {
      if (!allowed.includes(key)) {
        throw new TypeError(`${this.source}: unknown field ${this.field(key)}; expected one of ${allowed.join(', ')}`);
      }
    }
  }

  object(key: string): JsonFields {
    return new JsonFields(this.record[key], this.source, this.field(key));
  }

  string(key: string): string {
    const value = this.record[key];
    if (typeof value !== 'string' || value === '') this.fail(TypeError, key, 'a non-empty string', value);
    return value;
  }

  array(key: string): unknown[] {
    const value = this.record[key];
    if (!Array.isArray(value)) this.fail(TypeError, key, 'an array', value);
    return value;
  }

  number(key: string, bounds: Bounds = {}): number {
    const value = this.record[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(TypeError, key, 'a finite number', value);
    const { above, atLeast, below, atMost } = bounds;
    if ((above !== undefined && !(value > above)) || (atLeast !== undefined && !(value >= atLeast)) ||
      (below !== undefined && !(value < below)) || (atMost !== undefined && !(value <= atMost))) {
      const low = above !== undefined ? `> ${above}` : atLeast !== undefined ? `>= ${atLeast}` : '';
      const high = below !== undefined ? `< ${below}` : atMost !== undefined ? `<= ${atMost}` : '';
      this.fail(RangeError, key, `a number ${[low, high].filter(Boolean).join(' and ')}`, value);
    }
    return value;
  }

  integer(key: string, atLeast = Number.MIN_SAFE_INTEGER): number {
    const value = this.record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(TypeError, key, 'an integer', value);
    if (value < atLeast) this.fail(RangeError, key, `an integer >= ${atLeast}`, value);
    return value;
  }

  positiveInteger(key: string): number {
    return this.integer(key, 1);
  }

  boolean(key: string): boolean {
    const value = this.record[key];
    if (typeof value !== 'boolean') this.fail(TypeError, key, 'true or false', value);
    return value;
  }

  /** A value of the same type as the allowed ones but not among them is a RangeError; another type a TypeError. */
  oneOf<T extends string | number>(key: string, allowed: readonly T[]): T {
    const value = this.record[key];
    if (!allowed.includes(value as T)) {
      const kind = typeof allowed[0] === typeof value ? RangeError : TypeError;
      this.fail(kind, key, `one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`, value);
    }
    return value as T;
  }

  literal<T extends string>(key: string, expected: T): T {
    const value = this.record[key];
    if (value !== expected) this.fail(RangeError, key, JSON.stringify(expected), value);
    return expected;
  }

  /** The dotted path of a field of this object, as messages name it. */
  field(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  private fail(kind: ErrorKind, key: string, expected: string, value: unknown): never {
    throw new kind(`${this.source}: ${this.field(key)} must be ${expected}, got ${jsonText(value)}`);
  }
}
