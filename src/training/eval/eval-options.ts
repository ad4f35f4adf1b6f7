import type { BackendChoice, BackendRequest } from '../backend/backend-choice.ts';
import type { Split } from '../data/sample.ts';
import type { EvalReport } from './eval-report.ts';

/** What `ftd eval` takes; each field maps to one CLI flag, named in errors. */
export interface EvalOptions {
  /** Run folder written by `ftd train`. */
  run: string;
  /** Dataset folder or manifest; default: the one the run was trained on. */
  data?: string;
  /** Default: test. */
  split?: Split;
  /** Fake types to evaluate (real samples are always kept). */
  types?: string[];
  compressions?: string[];
  /** Images per inference batch; default 64. */
  batchSize?: number;
  /** Default: auto. */
  backend?: BackendRequest;
  /** Folder for metrics.json, metrics.md, roc.png, attention.png and scores.csv; default <run>/eval. */
  out?: string;
  /** Skip unreadable images and manifest rows (listed in metrics.json) instead of failing. */
  skipBad?: boolean;
  /** At most this many faces in attention.png, spread over real and each fake type; default 16. */
  grid?: number;
  /** Progress and notices; default: nothing. */
  log?: (line: string) => void;
}

export interface EvalResult {
  /** The folder the files were published to. */
  readonly out: string;
  /** What metrics.json holds. */
  readonly report: EvalReport;
  /** metrics.md: the markdown table of every metric per group. */
  readonly table: string;
  readonly backend: BackendChoice;
}
