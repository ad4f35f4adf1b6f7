import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readManifest } from '../../runtime-common/open-detector.ts';
import { sha256Hex } from '../../runtime-common/sha256.ts';
import { exists, makeStagingDirectory, publishDirectory, writeNewFileSynced } from '../../util/atomic.ts';
import { FlagError } from '../../util/flag-error.ts';
import { readGraphInterface } from '../read-graph-interface.ts';
import type { WrittenFile } from '../test-data-set.ts';
import { configPbtxt } from './config-pbtxt.ts';
import { tritonConfig, type TritonModelConfig } from './triton-config.ts';
import { tritonReadme } from './triton-readme.ts';

export interface TritonRepositoryOptions {
  /** A model folder written by `ftd export --fused` (its detector.onnx goes into the repository as it is). */
  readonly modelFolder: string;
  /** The repository folder to create. */
  readonly repository: string;
  /** The model's name in the repository and in /v2/models/{name}; default model.json's name. */
  readonly name?: string;
  /** Default 32, `ftd serve --max-batch`'s default. */
  readonly maxBatchSize?: number;
  /** Default 5000, `ftd serve --max-wait-ms`'s 5 ms. */
  readonly maxQueueDelayMicroseconds?: number;
  /** Replace `repository` if it exists. */
  readonly force?: boolean;
}

export interface TritonRepository {
  readonly repository: string;
  readonly config: TritonModelConfig;
  readonly files: readonly WrittenFile[];
}

/**
 * A Triton model repository for the fused detector: `<name>/config.pbtxt`, `<name>/1/model.onnx` (detector.onnx
 * byte for byte, checked against model.json's sha256 first) and a README with the commands that serve it. The
 * config is read from the graph's declared interface, never typed by hand. Built in a staging folder and
 * published whole.
 */
export async function writeTritonRepository(options: TritonRepositoryOptions): Promise<TritonRepository> {
  const folder = resolve(options.modelFolder);
  const repository = resolve(options.repository);
  const manifest = await readManifest({ location: folder, readText: (file) => readFile(join(folder, file), 'utf8'), readBytes: async (file) => new Uint8Array(await readFile(join(folder, file))) });
  const detector = manifest.graphs.detector;
  if (!detector) throw new FlagError('--triton', `${folder} has no detector.onnx; a Triton repository holds the fused detector (ftd export --fused)`);
  const bytes = new Uint8Array(await readFile(join(folder, detector.file)));
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== detector.sha256) throw new RangeError(`${folder}/${detector.file} has sha256 ${sha256}, but model.json records ${detector.sha256}; the file was changed after export`);
  const name = options.name ?? manifest.name;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new FlagError('--triton', `the Triton model name must be letters, digits, _ . or -, found ${JSON.stringify(name)}`);
  const config = tritonConfig(name, readGraphInterface(bytes, detector.file), { maxBatchSize: options.maxBatchSize ?? 32, maxQueueDelayMicroseconds: options.maxQueueDelayMicroseconds ?? 5000 });
  if (!options.force && (await exists(repository))) throw new FlagError('--triton', `${repository} already exists; pass --force to replace it, or choose another --triton folder`);

  const staging = await makeStagingDirectory(repository);
  try {
    await mkdir(join(staging, name, '1'), { recursive: true });
    const files: Array<[string, Uint8Array | string]> = [
      [`${name}/config.pbtxt`, configPbtxt(config)],
      [`${name}/1/model.onnx`, bytes],
      ['README.md', tritonReadme(config, manifest)],
    ];
    for (const [file, content] of files) await writeNewFileSynced(join(staging, file), content);
    await publishDirectory(staging, repository, { replace: options.force ?? false });
    return { repository, config, files: files.map(([file, content]) => ({ file, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length })) };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
