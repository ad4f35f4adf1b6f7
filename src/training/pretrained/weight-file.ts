import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeSafetensors, type DecodedSafetensors } from '../checkpoint/safetensors.ts';
import { FlagError } from '../../util/flag-error.ts';

/** HDF5's format signature, at the start of a file without a user block (as Keras and h5py write them). */
const hdf5Signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** A pretrained-weights file as given to `--init`: read, identified and fingerprinted. */
export interface WeightFile {
  readonly path: string;
  /** The flag that named it, for errors. */
  readonly flag: string;
  readonly sha256: string;
  readonly container: 'safetensors' | 'hdf5';
  /** The decoded tensors of a safetensors file (HDF5 files are read by their loader, from `path`). */
  readonly safetensors: DecodedSafetensors | undefined;
}

/** Reads `path`; anything that makes it unusable is a FlagError naming `flag` (exit 2). */
export async function readWeightFile(path: string, flag: string): Promise<WeightFile> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new FlagError(flag, `${flag} ${path} does not exist; expected a pretrained-weights file (safetensors or Keras h5)`);
    if (error.code === 'EISDIR') throw new FlagError(flag, `${flag} ${path} is a folder; expected a pretrained-weights file (safetensors or Keras h5)`);
    throw error;
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (hdf5Signature.every((byte, i) => bytes[i] === byte)) return { path, flag, sha256, container: 'hdf5', safetensors: undefined };
  try {
    return { path, flag, sha256, container: 'safetensors', safetensors: decodeSafetensors(bytes, path, { dtypes: 'convert' }) };
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const kind = error instanceof TypeError ? ' (it is not HDF5 either)' : '';
    throw new FlagError(flag, `${flag}: ${error.message}${kind}`);
  }
}

/** The file's name without its folder: what run.json and model.json record (a path would tie them to one machine). */
export function recordedName(file: WeightFile): string {
  return basename(file.path);
}
