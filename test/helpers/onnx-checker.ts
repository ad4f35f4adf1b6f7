import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * ONNX's own Python package as an independent reference: its checker (with full shape and type inference)
 * for our graphs, and `numpy_helper` for our TensorProto files. Debian's python3-onnx lives under Debian's
 * Python, which need not be the first python3 on PATH, hence the explicit interpreter (overridable for other
 * systems with FTD_REFERENCE_PYTHON).
 */

const python = process.env.FTD_REFERENCE_PYTHON ?? '/usr/bin/python3';

export type ReferenceOnnx = { available: true; version: string } | { available: false; reason: string };

let probed: ReferenceOnnx | undefined;

/** Whether the reference package can be imported; tests skip with `reason` printed when it cannot. */
export function referenceOnnx(): ReferenceOnnx {
  if (!probed) {
    const result = runPython('import onnx; print(onnx.__version__)', []);
    probed = result.ok
      ? { available: true, version: result.stdout.trim() }
      : { available: false, reason: `the reference ONNX package is unavailable (${python}: ${result.message})` };
  }
  return probed;
}

/** Runs `onnx.checker.check_model(model, full_check=True)` on the serialised model. */
export function checkWithReferenceOnnx(model: Uint8Array): { ok: true } | { ok: false; message: string } {
  return withTemporaryFile('model.onnx', model, (path) => {
    const script = 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)';
    const result = runPython(script, [path]);
    return result.ok ? { ok: true } : { ok: false, message: result.message };
  });
}

/** A TensorProto file as `onnx.numpy_helper.to_array(onnx.load_tensor(path))` reads it. */
export interface ReferenceTensor {
  name: string;
  /** numpy's dtype name: 'float32', 'int64', 'bool'. */
  dtype: string;
  shape: number[];
  /** Flattened values; integers come as decimal strings so int64 survives JSON exactly. */
  values: Array<number | string | boolean>;
}

export function readTensorWithReferenceOnnx(path: string): ReferenceTensor {
  const script = [
    'import json, sys, onnx',
    'from onnx import numpy_helper',
    'proto = onnx.load_tensor(sys.argv[1])',
    'array = numpy_helper.to_array(proto)',
    "values = [str(v) if array.dtype.kind in 'iu' else v for v in array.flatten().tolist()]",
    "print(json.dumps({'name': proto.name, 'dtype': str(array.dtype), 'shape': list(array.shape), 'values': values}))",
  ].join('\n');
  const result = runPython(script, [path]);
  if (!result.ok) throw new Error(`reference ONNX could not read ${path}: ${result.message}`);
  return JSON.parse(result.stdout) as ReferenceTensor;
}

/**
 * Writes a TensorProto file with the reference package: `numpy_helper.from_array` (raw_data) or
 * `helper.make_tensor(..., raw=False)` (float_data / int64_data / int32_data).
 */
export function writeTensorWithReferenceOnnx(
  path: string,
  tensor: { name: string; dtype: 'float32' | 'int64' | 'bool'; shape: number[]; values: Array<number | string | boolean> },
  form: 'raw' | 'typed',
): void {
  const script = [
    'import json, sys, numpy, onnx',
    'from onnx import helper, numpy_helper',
    'spec = json.loads(sys.argv[2])',
    "array = numpy.array([int(v) if spec['dtype'] == 'int64' else v for v in spec['values']], dtype=spec['dtype']).reshape(spec['shape'])",
    "if sys.argv[3] == 'raw':",
    "    proto = numpy_helper.from_array(array, spec['name'])",
    'else:',
    "    data_type = {'float32': onnx.TensorProto.FLOAT, 'int64': onnx.TensorProto.INT64, 'bool': onnx.TensorProto.BOOL}[spec['dtype']]",
    "    proto = helper.make_tensor(spec['name'], data_type, array.shape, array.flatten().tolist(), raw=False)",
    'onnx.save_tensor(proto, sys.argv[1])',
  ].join('\n');
  const result = runPython(script, [path, JSON.stringify(tensor), form]);
  if (!result.ok) throw new Error(`reference ONNX could not write ${path}: ${result.message}`);
}

function runPython(script: string, args: string[]): { ok: true; stdout: string } | { ok: false; message: string } {
  const result = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (result.error) return { ok: false, message: result.error.message };
  if (result.status !== 0) {
    // The exception (possibly several lines) follows the last indented traceback line.
    const lines = result.stderr.trim().split('\n');
    const lastFrame = lines.reduce((last, line, index) => (/^\s/.test(line) ? index : last), -1);
    return { ok: false, message: lines.slice(lastFrame + 1).join('\n') || `exit status ${result.status}` };
  }
  return { ok: true, stdout: result.stdout };
}

function withTemporaryFile<T>(name: string, bytes: Uint8Array, use: (path: string) => T): T {
  const folder = mkdtempSync(join(tmpdir(), 'ftd-onnx-'));
  try {
    const path = join(folder, name);
    writeFileSync(path, bytes);
    return use(path);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
