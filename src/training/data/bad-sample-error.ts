/**
 * A sample that cannot be used: a missing, unreadable or truncated image, or a manifest row with a bad label.
 * It is a distinct class so that `skipBad` can skip exactly these and still fail on everything else.
 */
export class BadSampleError extends RangeError {
  override name = 'BadSampleError';

  constructor(
    readonly path: string,
    readonly origin: string,
    readonly reason: string,
  ) {
    super(`${origin}: ${path}: ${reason}`);
  }
}
