/** A flag value that parsed but makes no sense (exit code 2, like yargs's own usage errors). */
export class UsageError extends RangeError {
  override name = 'UsageError';
}
