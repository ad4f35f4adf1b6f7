/** The tfjs back ends the trainer can run on, in the order `auto` tries them. */
export const backendNames = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

/** What `--backend` accepts: a back end by name, or `auto` for the fastest one that works here. */
export const backendRequests = ['auto', ...backendNames] as const;
export type BackendRequest = (typeof backendRequests)[number];

/** The back end a run trained on; it goes into run.json so numbers can be traced to hardware. */
export interface BackendChoice {
  /** The tfjs back-end name now active (`tf.getBackend()`). */
  readonly name: BackendName;
  /** The npm package that provides it. */
  readonly package: string;
  /** The device underneath, e.g. the WebGPU adapter ("llvmpipe: Mesa 25.0.7 ..."). */
  readonly device: string;
  /** Back ends that `auto` tried first and why each was passed over. */
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>;
  /** Things the user should know, such as the cpu back end being slow. */
  readonly warnings: readonly string[];
  /**
   * Errors the device reported since the last call (and forgets them). tfjs's WebGPU back end does not
   * throw when a shader fails to compile or a command is invalid; it returns zeros, so a caller that must
   * not continue on wrong numbers asks here after each unit of work.
   */
  deviceErrors(): string[];
}

/**
 * How a candidate is being tried. `named`: the user asked for this back end, so it starts wherever it can;
 * otherwise `auto` is trying it and it declines where a later candidate would be faster (WebGPU on a software
 * rasteriser loses to wasm).
 */
export interface ActivationRequest {
  readonly named: boolean;
}

/** One back end that can be tried: activates itself, or throws `BackendUnavailable` saying why not. */
export interface BackendCandidate {
  readonly name: BackendName;
  activate(request?: ActivationRequest): Promise<{ package: string; device: string; warnings?: string[]; deviceErrors?: () => string[] }>;
}

/** Thrown by a candidate that cannot run here; `reason` is one line a user can act on. */
export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The requested back end (or, for `auto`, every one tried) cannot run here. A RangeError because the
 * flag's value is of the right kind but names something this machine does not have.
 */
export class BackendUnavailableError extends RangeError {
  override name = 'BackendUnavailableError';
  constructor(
    readonly request: BackendRequest,
    readonly reasons: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>,
  ) {
    super(describeFailure(request, reasons));
  }
}

function describeFailure(request: BackendRequest, reasons: ReadonlyArray<{ name: BackendName; reason: string }>): string {
  if (request !== 'auto' && reasons.length === 1) {
    return `--backend ${request} is not available here: ${reasons[0]!.reason}`;
  }
  const lines = reasons.map(({ name, reason }) => `  ${name}: ${reason}`);
  return `--backend ${request}: no tfjs back end could start here:\n${lines.join('\n')}`;
}

/** The device reported errors while computing: the numbers of that computation are wrong. */
export class BackendFailureError extends Error {
  override name = 'BackendFailureError';
  constructor(
    readonly backend: Pick<BackendChoice, 'name' | 'device'>,
    readonly during: string,
    readonly errors: readonly string[],
  ) {
    const first = errors[0]!.split('\n', 1)[0]!.trim();
    const program = errors.join('\n').match(/"(\w+Program)"/)?.[1];
    super(
      `the ${backend.name} back end on ${backend.device} reported ${errors.length} error(s) during ${during}` +
        `${program ? ` in tfjs's ${program}` : ''}, so its results are wrong and nothing was saved from them. ` +
        `First: ${first}. This is a failure of a tfjs kernel on this device; run with --backend cpu (slower, exact), ` +
        'or report the message above'
    );
  }
}

/** One line for the log: "webgpu (@tensorflow/tfjs-backend-webgpu) on llvmpipe: Mesa 25.0.7 ...". */
export function describeBackend(choice: BackendChoice): string {
  return `${choice.name} (${choice.package}) on ${choice.device}`;
}
