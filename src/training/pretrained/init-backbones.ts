import { access } from 'node:fs/promises';
import type { InitRecord, InitSource } from '../checkpoint/run-record.ts';
import { FlagError } from '../../util/flag-error.ts';
import type { LearningToMask } from '../model/learning-to-mask.ts';
import { loadPretrained } from './load-pretrained.ts';
import { readWeightFile, type WeightFile } from './weight-file.ts';

/** A pretrained file for one backbone and the flag that named it (--init, --init-teacher, --init-student). */
export interface InitFile {
  readonly path: string;
  readonly flag: string;
}

export interface InitRequest {
  readonly teacher?: InitFile;
  readonly student?: InitFile;
  /** false with --init-non-strict. */
  readonly strict: boolean;
}

/**
 * Loads ImageNet weights into the teacher's and the student's backbones (a file named for both is read
 * once). Heads, the ViT and the optimiser keep their seeded initial values.
 */
export async function initBackbones(model: LearningToMask, request: InitRequest, say: (line: string) => void): Promise<InitRecord> {
  const files = new Map<string, Promise<WeightFile>>();
  const read = ({ path, flag }: InitFile) => {
    if (!files.has(path)) files.set(path, readWeightFile(path, flag));
    return files.get(path)!;
  };
  const load = async (role: 'teacher' | 'student'): Promise<InitSource | null> => {
    const init = request[role];
    if (init === undefined) return null;
    const file = { ...(await read(init)), flag: init.flag };
    const architecture = model.config[`${role}Backbone`].architecture;
    return loadPretrained(model[role].backbone, architecture, file, { strict: request.strict, role }, say);
  };
  return { teacher: await load('teacher'), student: await load('student') };
}

/** Fails early, before data and a back end are loaded, when a named file cannot be read at all. */
export async function checkInitFilesExist(request: InitRequest | undefined): Promise<void> {
  for (const init of [request?.teacher, request?.student]) {
    if (init === undefined) continue;
    await access(init.path).catch(() => {
      throw new FlagError(init.flag, `${init.flag} ${init.path} does not exist or cannot be read; expected a pretrained-weights file (safetensors or Keras h5)`);
    });
  }
}
