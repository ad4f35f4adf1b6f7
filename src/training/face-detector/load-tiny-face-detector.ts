import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { faceApiModelFolder, readTfjsWeights, tinyFaceDetectorFiles } from './face-api-weights.ts';
import { TinyFaceDetector } from './tiny-face-detector.ts';

/** face-api's tensor names -> the parameters of ftd's rebuilt network (both in tfjs's HWIO layout). */
function parameterNames(net: TinyFaceDetector): Map<string, tf.Variable> {
  const parameters = new Map(net.namedParameters());
  const names = new Map<string, tf.Variable>([['conv0/filters', parameters.get('conv0.kernel')!], ['conv0/bias', parameters.get('conv0.bias')!]]);
  for (let i = 1; i < net.convolutions.length; i++) {
    names.set(`conv${i}/depthwise_filter`, parameters.get(`conv${i}.depthwise.kernel`)!);
    names.set(`conv${i}/pointwise_filter`, parameters.get(`conv${i}.pointwise.kernel`)!);
    names.set(`conv${i}/bias`, parameters.get(`conv${i}.pointwise.bias`)!);
  }
  names.set('conv8/filters', net.head.kernel);
  names.set('conv8/bias', net.head.bias!);
  return names;
}

/**
 * The tiny face detector with face-api's shipped weights. `folder` defaults to the installed package's model
 * folder; every tensor must be there with the expected shape, and no other.
 */
export async function loadTinyFaceDetector(folder = faceApiModelFolder()): Promise<TinyFaceDetector> {
  const where = join(folder, tinyFaceDetectorFiles.manifest);
  const weights = await readTfjsWeights(folder, tinyFaceDetectorFiles.manifest);
  const net = new TinyFaceDetector();
  try {
    const targets = parameterNames(net);
    for (const [name, variable] of targets) {
      const tensor = weights.get(name);
      if (!tensor) throw new RangeError(`${where} has no tensor "${name}" (found: ${[...weights.keys()].join(', ')})`);
      if (tensor.shape.join(',') !== variable.shape.join(',')) {
        throw new RangeError(`${where}: tensor "${name}" has shape [${tensor.shape}], the tiny face detector needs [${variable.shape}]`);
      }
      variable.assign(tensor as tf.Tensor);
    }
    const extra = [...weights.keys()].filter((name) => !targets.has(name));
    if (extra.length > 0) throw new RangeError(`${where} has tensors the tiny face detector does not use: ${extra.join(', ')}; is it another model's manifest?`);
    return net;
  } catch (error) {
    net.dispose();
    throw error;
  } finally {
    tf.dispose([...weights.values()]);
  }
}
