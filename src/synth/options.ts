import { compressionNames, type CompressionName } from './compression.ts';
import { familyNames, type FamilyName } from './families/index.ts';
import { FlagError, FlagTypeError } from '../util/flag-error.ts';

/** What `ftd synth` generates; each field is the flag of the same name (`compressions` is `--compression`). */
export interface SynthOptions {
  out: string;
  identities: number;
  videos: number;
  frames: number;
  size: number;
  seed: number;
  families: FamilyName[];
  compressions: CompressionName[];
  preview: boolean;
  force: boolean;
}

/** As callers give it: lists may be comma-separated text, anything but `out` may be left out. */
export type SynthOptionsInput = { out: string } & Partial<Omit<SynthOptions, 'out' | 'families' | 'compressions'>> & {
  families?: string | readonly string[];
  compressions?: string | readonly string[];
};

export const synthDefaults = {
  identities: 40,
  videos: 2,
  frames: 8,
  size: 64,
  seed: 1,
  families: [...familyNames],
  compressions: [...compressionNames],
} as const;

/** Checks every option against its range, naming the flag in the error; returns them with defaults filled. */
export function resolveSynthOptions(input: SynthOptionsInput): SynthOptions {
  if (typeof input.out !== 'string' || input.out.trim() === '') {
    throw new FlagTypeError('--out', `--out must name the output folder; found ${JSON.stringify(input.out)}`);
  }
  const size = integerIn('--size', input.size ?? synthDefaults.size, 32, 256);
  if (size % 8 !== 0) throw new FlagError('--size', `--size must be a multiple of 8 (the JPEG block and the fakes' resampling grids); found ${size}`);
  return {
    out: input.out,
    identities: integerIn('--identities', input.identities ?? synthDefaults.identities, 3, 9999),
    videos: integerIn('--videos', input.videos ?? synthDefaults.videos, 1, 99),
    frames: integerIn('--frames', input.frames ?? synthDefaults.frames, 1, 999),
    size,
    seed: integerIn('--seed', input.seed ?? synthDefaults.seed, 0, 2 ** 31 - 1),
    families: namesFrom('--families', input.families ?? synthDefaults.families, familyNames),
    compressions: namesFrom('--compression', input.compressions ?? synthDefaults.compressions, compressionNames),
    preview: input.preview ?? false,
    force: input.force ?? false,
  };
}

function integerIn(flag: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FlagTypeError(flag, `${flag} must be a number; found ${typeof value === 'number' ? value : JSON.stringify(value)}`);
  }
  if (!Number.isInteger(value) || value < low || value > high) {
    throw new FlagError(flag, `${flag} must be an integer from ${low} to ${high}; found ${value}`);
  }
  return value;
}

/** A non-empty, duplicate-free list of known names, in the canonical order whatever order it was given in. */
function namesFrom<N extends string>(flag: string, value: string | readonly string[], known: readonly N[]): N[] {
  const given = typeof value === 'string' ? value.split(',') : [...value];
  const names = given.map((name) => String(name).trim()).filter((name) => name !== '');
  if (names.length === 0) throw new FlagError(flag, `${flag} must list at least one of ${known.join(', ')}; found none`);
  for (const name of names) {
    if (!(known as readonly string[]).includes(name)) {
      throw new FlagError(flag, `${flag}: unknown name "${name}"; expected a comma-separated list of ${known.join(', ')}`);
    }
  }
  if (new Set(names).size !== names.length) throw new FlagError(flag, `${flag} lists a name twice: ${names.join(',')}`);
  return known.filter((name) => names.includes(name));
}
