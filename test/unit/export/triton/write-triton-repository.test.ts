import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnx } from '../../../../src/export/onnx/proto.ts';
import { writeTritonRepository } from '../../../../src/export/triton/write-triton-repository.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { runOnnx } from '../../../helpers/onnx-runtime.ts';
import { readPbtxt, type TextMessage } from './pbtxt-reader.ts';

/**
 * The Triton repository written from the committed tiny export: config.pbtxt read back by a strict text-format
 * reader agrees with the ONNX graph on every name, type and dim; 1/model.onnx is detector.onnx, and
 * onnxruntime-node gives the same outputs from both at the config's batch sizes.
 */

const modelTiny = fileURLToPath(new URL('../../../../fixtures/model-tiny', import.meta.url));
let scratch: string;
let config: TextMessage;
let modelBytes: Uint8Array;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ftd-triton-'));
  await writeTritonRepository({ modelFolder: modelTiny, repository: join(scratch, 'repo'), maxBatchSize: 8 });
  config = readPbtxt(await readFile(join(scratch, 'repo', 'model-tiny', 'config.pbtxt'), 'utf8'));
  modelBytes = new Uint8Array(await readFile(join(scratch, 'repo', 'model-tiny', '1', 'model.onnx')));
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

/** The graph's declared inputs or outputs, decoded here from the ONNX bytes: [name, element type, dims]. */
function graphValues(bytes: Uint8Array, side: 'input' | 'output'): Array<[string, number, Array<number | string>]> {
  const graph = onnx.ModelProto.decode(bytes).graph!;
  return (graph[side] ?? []).map((info) => [info.name!, info.type!.tensorType!.elemType!, info.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))]);
}

const tritonType: Record<number, string> = { [onnx.TensorProto.DataType.FLOAT]: 'TYPE_FP32', [onnx.TensorProto.DataType.INT64]: 'TYPE_INT64' };

describe('ftd export --triton: the repository', () => {
  it('config.pbtxt names the model, the onnxruntime platform, max_batch_size and dynamic batching', () => {
    expect(config.name).toBe('model-tiny');
    expect(config.platform).toBe('onnxruntime_onnx');
    expect(config.max_batch_size).toBe(8);
    expect(config.dynamic_batching).toEqual({ max_queue_delay_microseconds: 5000 });
  });

  it('every input and output agrees with the graph: name, data type, dims after the dynamic batch', () => {
    for (const side of ['input', 'output'] as const) {
      const declared = config[side] as TextMessage[];
      const graph = graphValues(modelBytes, side);
      expect(declared.map((tensor) => tensor.name)).toEqual(graph.map(([name]) => name));
      for (const [i, [name, elemType, dims]] of graph.entries()) {
        const tensor = declared[i]!;
        expect(tensor.data_type, name).toBe(tritonType[elemType]);
        expect(typeof dims[0], `${name}: the batch is symbolic`).toBe('string');
        const perImage = dims.slice(1);
        // Triton needs a dimension besides the batch: a per-image scalar is [1] reshaped to [].
        if (perImage.length === 0) expect([tensor.dims, tensor.reshape], name).toEqual([[1], { shape: [] }]);
        else expect(tensor.dims, name).toEqual(perImage);
      }
    }
    expect(graphValues(modelBytes, 'output').map(([name]) => name)).toEqual(['prob', 'attention', 'mask']);
  });

  it('1/model.onnx is detector.onnx byte for byte', async () => {
    expect(Buffer.compare(Buffer.from(modelBytes), await readFile(join(modelTiny, 'detector.onnx')))).toBe(0);
  });

  it('onnxruntime-node runs 1/model.onnx at batch 1 and max_batch_size, equal to detector.onnx, shapes as the config says', async () => {
    const detector = new Uint8Array(await readFile(join(modelTiny, 'detector.onnx')));
    const input = (config.input as TextMessage[])[0]!;
    for (const batch of [1, config.max_batch_size as number]) {
      const dims = [batch, ...(input.dims as number[])];
      const rng = new Rng([batch, 'triton-batch']);
      const image = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => rng.uniform());
      const fromRepository = await runOnnx(modelBytes, { image: { data: image, dims } });
      const fromExport = await runOnnx(detector, { image: { data: image, dims } });
      for (const output of config.output as TextMessage[]) {
        const name = output.name as string;
        const expectedDims = [batch, ...((output.reshape as TextMessage | undefined)?.shape ?? output.dims) as number[]];
        expect(fromRepository[name]!.dims, `${name} at batch ${batch}`).toEqual(expectedDims);
        expect(Array.from(fromRepository[name]!.data)).toEqual(Array.from(fromExport[name]!.data));
      }
    }
  });

  it('is written the same way twice, and a README gives the tritonserver command and a request', async () => {
    await writeTritonRepository({ modelFolder: modelTiny, repository: join(scratch, 'again'), maxBatchSize: 8 });
    const text = (path: string) => readFile(join(scratch, path, 'model-tiny', 'config.pbtxt'), 'utf8');
    expect(await text('again')).toBe(await text('repo'));
    const readme = await readFile(join(scratch, 'repo', 'README.md'), 'utf8');
    expect(readme).toContain('tritonserver --model-repository=/models');
    expect(readme).toContain('localhost:8000/v2/models/model-tiny/infer');
  });
});

describe('ftd export --triton: refusals', () => {
  it('a model folder without detector.onnx, an existing folder, a name Triton cannot use', async () => {
    const folder = join(scratch, 'unfused');
    await cp(modelTiny, folder, { recursive: true });
    const manifest = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    delete manifest.graphs.detector;
    await writeFile(join(folder, 'model.json'), JSON.stringify(manifest));
    await expect(writeTritonRepository({ modelFolder: folder, repository: join(scratch, 'r1') })).rejects.toThrow(/has no detector\.onnx; .*ftd export --fused/);
    await expect(writeTritonRepository({ modelFolder: modelTiny, repository: join(scratch, 'repo') })).rejects.toThrow(/already exists; pass --force/);
    await expect(writeTritonRepository({ modelFolder: modelTiny, repository: join(scratch, 'r2'), name: 'a b' })).rejects.toThrow(/letters, digits/);
  });
});
