import { isRecord, jsonText, JsonFields } from '../../util/json-fields.ts';
import { isName, nameRule } from './name-list.ts';
import { checkFlagName, readFlag, readFlags, trainFlags, type TrainFlags } from './train-flags.ts';

/** One set of train settings that the grid trains with every seed and every train-types entry. */
export interface Configuration {
  /** Names its folder under runs/ and its row in the results. */
  name: string;
  /** Settings on top of the grid's `train`; never one that `train` sets too. */
  flags: TrainFlags;
}

/**
 * `axes`: each train flag with a list of values; every combination is a configuration, named after its values
 * in the file's order of axes (`mask-high_mixup`, `mask-none_no-mixup`, `lr-0.003`). The name always holds every
 * axis, so a finished run keeps its folder when values are added to an axis.
 */
export function expandAxes(value: unknown, source: string): Configuration[] {
  const axes = new JsonFields(value, source, 'axes');
  let combinations: Configuration[] = [{ name: '', flags: {} }];
  for (const [flag, values] of Object.entries(axes.record)) {
    const field = axes.field(flag);
    checkFlagName(flag, source, field);
    if (!Array.isArray(values) || values.length === 0) throw new TypeError(`${source}: ${field} must be a non-empty array of values, got ${jsonText(values)}`);
    const steps = values.map((item, i) => ({ part: nameFor(flag, item), flags: readFlag(flag, item, source, `${field}[${i}]`) }));
    const repeated = steps.find((step, i) => steps.findIndex((other) => other.part === step.part) !== i);
    if (repeated) throw new RangeError(`${source}: ${field} lists ${repeated.part} twice`);
    combinations = combinations.flatMap((combination) =>
      steps.map((step) => ({ name: combination.name ? `${combination.name}_${step.part}` : step.part, flags: { ...combination.flags, ...step.flags } })),
    );
  }
  if (combinations.length === 1 && combinations[0]!.name === '') throw new RangeError(`${source}: axes names no train flag; give at least one, e.g. "mask": ["high", "none"]`);
  return combinations;
}

/** `configurations`: a list of `{ "name": ..., <train flag>: <value>, ... }`, for grids that are not a full product. */
export function readConfigurations(value: unknown, source: string): Configuration[] {
  if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${source}: configurations must be a non-empty array of objects, got ${jsonText(value)}`);
  return value.map((entry, i) => {
    const fields = new JsonFields(entry, source, `configurations[${i}]`);
    const name = fields.record.name;
    if (!isName(name)) throw new RangeError(`${source}: ${fields.field('name')} must be a name of ${nameRule}, got ${jsonText(name)}`);
    return { name, flags: readFlags(fields, ['name']) };
  });
}

/** An axis value's part of a configuration name: `mask-high`, `mixup` / `no-mixup`, `compression-c23+c40`. */
function nameFor(flag: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? flag : `no-${flag}`;
  if (Array.isArray(value)) return `${flag}-${value.join('+')}`;
  if (typeof value === 'string') return `${flag}-${value.split(',').map((item) => item.trim()).join('+')}`;
  return `${flag}-${isRecord(value) ? 'object' : String(value)}`;
}

/** The flags a configuration may not set because `train` sets them for every run. */
export function checkNoOverlap(train: TrainFlags, configurations: readonly Configuration[], source: string): void {
  const fixed = new Map(Object.entries(trainFlags).map(([flag, { option }]) => [option, flag]));
  for (const { name, flags } of configurations) {
    const clash = Object.keys(flags).find((option) => option in train);
    if (clash !== undefined) {
      throw new RangeError(`${source}: ${fixed.get(clash as keyof TrainFlags)} is set both in train and in configuration ${name}; set it in one place`);
    }
  }
}
