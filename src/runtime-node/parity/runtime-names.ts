import { PARITY_RUNTIME_NAMES, type ParityRuntimeName } from './runtime.ts';
import { FlagError } from '../../util/flag-error.ts';

/** "node-cpu,web-wasm" -> the names, checked; `flag` names the option in the error. */
export function parseRuntimeNames(text: string, flag = '--runtimes'): ParityRuntimeName[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new FlagError(flag, `${flag} must list at least one runtime (${PARITY_RUNTIME_NAMES.join(', ')}), found "${text}"`);
  for (const name of names) {
    if (!(PARITY_RUNTIME_NAMES as readonly string[]).includes(name)) {
      throw new FlagError(flag, `${flag}: unknown runtime "${name}"; expected a comma-separated list of ${PARITY_RUNTIME_NAMES.join(', ')}`);
    }
  }
  return [...new Set(names)] as ParityRuntimeName[];
}
