/**
 * Hands out graph names. Numbering is per base name (per scope and op type), so adding a node in one module
 * never renames the nodes of another: names stay stable across model edits and diff cleanly.
 */
export class NameRegistry {
  private readonly used = new Set<string>();
  private readonly counters = new Map<string, number>();

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Claims exactly `name` (a caller-chosen graph input or output name) or throws. */
  claim(name: string, what: string): string {
    if (name === '') throw new RangeError(`${what} name must be non-empty`);
    if (this.used.has(name)) throw new RangeError(`${what} name "${name}" is already used in this graph`);
    this.used.add(name);
    return name;
  }

  /** `base` itself when free, otherwise `base_1`, `base_2`, ... */
  unique(base: string): string {
    return this.used.has(base) ? this.numbered(base, 1) : this.claim(base, 'value');
  }

  /** `base_0`, `base_1`, ... counting separately for each base. */
  numbered(base: string, first = 0): string {
    let index = Math.max(this.counters.get(base) ?? 0, first);
    while (this.used.has(`${base}_${index}`)) index += 1;
    this.counters.set(base, index + 1);
    return this.claim(`${base}_${index}`, 'value');
  }
}

/** Joins scope path segments with '/', the separator ONNX exporters conventionally use in node names. */
export function scopedName(scope: string, name: string): string {
  return scope === '' ? name : `${scope}/${name}`;
}
