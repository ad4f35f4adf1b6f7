import type { CommandModule } from 'yargs';
import { exportModel } from '../../export/export-model.ts';
import { parseBatch } from '../../export/export-options.ts';
import { backendRequests, type BackendRequest } from '../../training/backend/backend-choice.ts';

interface ExportArguments {
  run: string;
  out: string;
  fused: boolean;
  batch: string;
  'fold-bn': boolean;
  force: boolean;
  faces: boolean;
  images?: string[];
  backend: BackendRequest;
  triton?: string;
  'triton-max-batch': number;
}

/** `ftd export`: parses flags and calls `exportModel`. */
export const exportCommand: CommandModule<object, ExportArguments> = {
  command: 'export <run>',
  describe: 'Export a trained run to ONNX: teacher.onnx, student.onnx, model.json and reference test data',
  builder: (yargs) =>
    yargs
      .positional('run', { type: 'string', demandOption: true, describe: 'Run folder written by ftd train (checkpoint.safetensors + run.json)' })
      .option('out', { type: 'string', demandOption: true, describe: 'Model folder to create, e.g. models/<name>' })
      .option('fused', { type: 'boolean', default: false, describe: 'Also write detector.onnx: image -> prob, attention, mask, with TopK inside the graph' })
      .option('batch', { type: 'string', default: 'dynamic', describe: 'Batch dimension of the graphs: "dynamic" (named N) or a fixed size' })
      .option('fold-bn', { type: 'boolean', default: true, describe: 'Fold BatchNorm into the convolutions (--no-fold-bn keeps BatchNormalization nodes)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace --out if it exists' })
      .option('faces', { type: 'boolean', default: true, describe: 'Also write face.onnx, the face detector for whole photos (--no-faces skips it)' })
      .option('images', { type: 'string', array: true, describe: 'Reference images for test_data_set_0 [default: the first 4 faces in fixtures/faces, or --batch of them]' })
      .option('triton', { type: 'string', describe: 'Also write a Triton model repository of the fused detector into this folder (implies --fused)' })
      .option('triton-max-batch', { type: 'number', default: 32, describe: 'max_batch_size in the Triton config' })
      .option('backend', { choices: backendRequests, default: 'cpu' as BackendRequest, describe: 'tfjs back end that computes the reference outputs (cpu is exact float32)' }),
  handler: async (argv) => {
    const result = await exportModel({
      run: argv.run,
      out: argv.out,
      fused: argv.fused,
      batch: parseBatch(argv.batch),
      foldBatchNorm: argv['fold-bn'],
      force: argv.force,
      faces: argv.faces,
      images: argv.images,
      backend: argv.backend,
      triton: argv.triton,
      tritonMaxBatch: argv['triton-max-batch'],
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    for (const { file, bytes } of result.files) process.stdout.write(`${String(bytes).padStart(12)}  ${file}\n`);
    for (const { file, bytes } of result.triton?.files ?? []) process.stdout.write(`${String(bytes).padStart(12)}  ${result.triton!.repository}/${file}\n`);
    process.stdout.write(`exported ${result.out} in ${result.seconds.total.toFixed(1)} s\n`);
  },
};
