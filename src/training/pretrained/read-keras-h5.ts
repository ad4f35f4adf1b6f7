import type { Dataset, Group } from 'h5wasm';
import h5wasm from 'h5wasm/node';
import type { StoredTensor } from '../checkpoint/safetensors.ts';

/** One layer of a Keras weights file that has weights, its tensors in the order the file lists them. */
export interface StoredKerasLayer {
  readonly name: string;
  readonly weights: ReadonlyArray<StoredTensor & { readonly name: string }>;
}

/**
 * The layers with weights of a Keras HDF5 weights file, in the file's order. The layout is that of
 * `save_weights` (and of `model.save`, under a `model_weights` group): the attribute `layer_names` lists every
 * layer, each layer's group lists its weights in the attribute `weight_names`, and each weight is a dataset
 * at `<layer>/<weight name>`.
 *
 * Read with h5wasm (HDF5's own C library compiled to WebAssembly, maintained by NIST) rather than jsfive (a
 * JavaScript re-implementation of a subset of the format): h5py writes these files with that same library, so
 * every layout and version it produces reads, and the Node build reads from disk without copying the file.
 */
export async function readKerasH5(path: string): Promise<StoredKerasLayer[]> {
  const library = await h5wasm.ready;
  // HDF5 prints its error stack to stderr by default; as an exception it can name the cause instead. Only
  // while reading: h5wasm's writing relies on the default handler.
  library.activate_throwing_error_handler();
  try {
    return readLayers(path);
  } finally {
    library.deactivate_throwing_error_handler();
  }
}

function readLayers(path: string): StoredKerasLayer[] {
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (error) {
    throw new RangeError(`${path} cannot be read as an HDF5 file: ${hdf5Cause(error)}`);
  }
  try {
    const root = file.attrs.layer_names === undefined && file.get('model_weights') instanceof h5wasm.Group ? (file.get('model_weights') as Group) : file;
    const layerNames = stringList(root, 'layer_names', path);
    const layers: StoredKerasLayer[] = [];
    for (const layerName of layerNames) {
      const group = root.get(layerName);
      if (!(group instanceof h5wasm.Group)) throw new TypeError(`${path}: layer_names lists "${layerName}", but the file has no group of that name`);
      const weights = stringList(group, 'weight_names', `${path} ${layerName}`).map((weightName) => readWeight(group, weightName, `${path} ${layerName}`));
      if (weights.length > 0) layers.push({ name: layerName, weights });
    }
    return layers;
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw error;
    throw new RangeError(`${path}: reading its weights failed: ${hdf5Cause(error)}`);
  } finally {
    file.close();
  }
}

function stringList(group: Group, attribute: string, where: string): string[] {
  const value = group.attrs[attribute]?.value;
  if (value === undefined) {
    throw new TypeError(`${where} is an HDF5 file but not Keras weights: it has no "${attribute}" attribute (save_weights writes one)`);
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item): item is string => typeof item === 'string')) {
    throw new TypeError(`${where}: the "${attribute}" attribute must list strings, found ${JSON.stringify(list).slice(0, 80)}`);
  }
  return list;
}

function readWeight(group: Group, name: string, where: string): StoredTensor & { name: string } {
  const dataset = group.get(name) as Dataset | null;
  if (!(dataset instanceof h5wasm.Dataset)) throw new TypeError(`${where}: weight_names lists "${name}", but the layer has no dataset of that name`);
  const value = dataset.value;
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new TypeError(`${where}: weight "${name}" holds ${JSON.stringify(dataset.dtype)} values; expected floats`);
  }
  return { name, shape: dataset.shape ?? [], data: value instanceof Float32Array ? value : Float32Array.from(value) };
}

/** The innermost cause in HDF5's error stack ("truncated file: eof = ...", "file signature not found"). */
function hdf5Cause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const causes = [...message.matchAll(/ in [\w.]+\(\): (.+)$/gm)].map((match) => match[1]!);
  return causes.at(-1) ?? message.trim().split('\n').at(-1) ?? message;
}
