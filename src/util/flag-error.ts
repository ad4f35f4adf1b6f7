/**
 * A command-line flag whose value cannot be used, found by library code rather than by the flag parser.
 * The CLI exits 2 on it, as on the parser's own usage errors, so a caller can tell "you asked wrongly" from
 * "it failed". Two classes so that the TypeError/RangeError rule of the codebase still holds: `FlagError` is
 * a value of the right kind that is out of range or clashes with another flag or with what is on disk,
 * `FlagTypeError` a value of the wrong kind. The message names the flag, what was expected and what was found.
 */
export class FlagError extends RangeError {
  override name = 'FlagError';
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

export class FlagTypeError extends TypeError {
  override name = 'FlagTypeError';
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
  }
}

/** Either kind of flag error: what the CLI maps to exit code 2. */
export function isFlagError(error: unknown): error is FlagError | FlagTypeError {
  return error instanceof FlagError || error instanceof FlagTypeError;
}
