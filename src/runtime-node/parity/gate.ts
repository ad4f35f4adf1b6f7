import { readManifest } from '../../runtime-common/open-detector.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { fileModelSource } from '../file-model-source.ts';
import { formatParityTable } from './format-parity.ts';
import { parityRuntimes } from './registry.ts';
import type { ParityRuntime, ParityRuntimeName, PlacedParityReport } from './runtime.ts';

export interface ParityGateOptions {
  /** A model folder written by `ftd export`. */
  readonly model: string;
  /** Runtimes to check. Omitted: every runtime that can run here. Named: each must run, or the gate fails. */
  readonly runtimes?: readonly ParityRuntimeName[];
  /** Check detector.onnx (TopK inside the graph) instead of teacher + student. */
  readonly fused?: boolean;
  /** Also write the result as JSON here. */
  readonly json?: string;
  /** The runtimes to choose from; the registry unless a caller supplies its own. */
  readonly registry?: readonly ParityRuntime[];
  /** Progress lines (which runtime is running), e.g. to stderr. */
  readonly log?: (line: string) => void;
}

export interface SkippedRuntime {
  readonly runtime: ParityRuntimeName;
  readonly reason: string;
  /** Named in `runtimes`: its absence fails the gate. */
  readonly requested: boolean;
}

export interface ParityGateResult {
  readonly model: string;
  readonly fused: boolean;
  /** Every runtime that ran passed, none failed to run, no requested runtime was skipped, and one ran at all. */
  readonly pass: boolean;
  readonly reports: readonly PlacedParityReport[];
  readonly skipped: readonly SkippedRuntime[];
  /** Runtimes that were available but threw (session creation, a kernel error): failures, with the message. */
  readonly errors: ReadonlyArray<{ runtime: ParityRuntimeName; message: string }>;
  /** The human-readable table `ftd parity` prints. */
  readonly table: string;
}

/**
 * `ftd parity`: runs the model folder's test_data_set_0 on each runtime and compares every output with the
 * reference (see runtime-common/run-parity.ts). Runtimes run one after another: they share the cores, and a
 * GPU runtime and the wasm threads would otherwise time each other.
 */
export async function runParityGate(options: ParityGateOptions): Promise<ParityGateResult> {
  const log = options.log ?? (() => undefined);
  const fused = options.fused ?? false;
  const manifest = await readManifest(fileModelSource(options.model));
  if (fused && !manifest.graphs.detector) {
    throw new RangeError(`${options.model}/model.json has no detector graph, so --fused has nothing to check; export with --fused`);
  }
  const registry = options.registry ?? parityRuntimes();
  const requested = options.runtimes ? new Set<string>(options.runtimes) : undefined;
  for (const name of requested ?? []) {
    if (!registry.some((runtime) => runtime.name === name)) {
      throw new RangeError(`runtime "${name}" is not available in this installation (known here: ${registry.map((r) => r.name).join(', ')})`);
    }
  }
  const chosen = registry.filter((runtime) => !requested || requested.has(runtime.name));

  const reports: PlacedParityReport[] = [];
  const skipped: SkippedRuntime[] = [];
  const errors: Array<{ runtime: ParityRuntimeName; message: string }> = [];
  for (const runtime of chosen) {
    const reason = await runtime.unavailableReason();
    if (reason !== undefined) {
      skipped.push({ runtime: runtime.name, reason, requested: requested !== undefined });
      log(`${runtime.name}: skipped: ${reason}`);
      continue;
    }
    log(`${runtime.name}: running ${manifest.testData.count} reference images${fused ? ' (fused graph)' : ''}`);
    try {
      reports.push(await runtime.run(options.model, { fused }));
    } catch (error) {
      errors.push({ runtime: runtime.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const pass = reports.length > 0 && reports.every((report) => report.pass) && errors.length === 0 && !skipped.some((s) => s.requested);
  const result = { model: options.model, fused, pass, reports, skipped, errors };
  const table = formatParityTable(result);
  if (options.json) await writeFileAtomic(options.json, `${JSON.stringify(result, null, 2)}\n`);
  return { ...result, table };
}
