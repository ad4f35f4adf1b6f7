import { join } from 'node:path';
import { encodeTensorProto, type NamedTensor } from '../runtime-common/tensor-proto.ts';
import { writeNewFileSynced } from '../util/atomic.ts';

/** The folder name of ONNX's backend-test layout, which onnxruntime's own test runner also reads. */
export const testDataFolder = 'test_data_set_0';

export interface WrittenFile {
  readonly file: string;
  readonly bytes: number;
}

/**
 * Writes `input_<i>.pb` and `output_<i>.pb`, one named TensorProto each, into `folder` (which must exist);
 * returns the files in order, named relative to `folder`.
 */
export async function writeTestDataSet(
  folder: string,
  data: { readonly inputs: readonly NamedTensor[]; readonly outputs: readonly NamedTensor[] },
): Promise<{ inputs: WrittenFile[]; outputs: WrittenFile[] }> {
  const write = async (kind: 'input' | 'output', tensors: readonly NamedTensor[]) => {
    const files: WrittenFile[] = [];
    for (const [i, tensor] of tensors.entries()) {
      const file = `${kind}_${i}.pb`;
      const bytes = encodeTensorProto(tensor);
      await writeNewFileSynced(join(folder, file), bytes);
      files.push({ file, bytes: bytes.length });
    }
    return files;
  };
  return { inputs: await write('input', data.inputs), outputs: await write('output', data.outputs) };
}
