import type { Configuration } from './configurations.ts';
import type { TrainFlags } from './train-flags.ts';

/** A grid file, checked: what `ftd experiment` trains, one run per configuration x train types x seed. */
export interface Grid {
  /** The grid file's absolute path, named in messages. */
  file: string;
  /** The file as read, kept beside the results. */
  text: string;
  /** Dataset folder or manifest, as given (relative paths are from the working directory, like --data). */
  data: string;
  /** Flags every run trains with. */
  train: TrainFlags;
  /** In the file's order: the product of `axes` first, then `configurations`. */
  configurations: Configuration[];
  /** Fake types each run trains on (real images are always kept); null: every type. */
  trainTypes: Array<string[] | null>;
  seeds: number[];
  /** The configuration every other one is compared with, pairing runs by seed and train types. */
  baseline: string | null;
}
