import type { StoredKerasLayer } from './read-keras-h5.ts';
import type { KerasLayer } from './keras-xception-layers.ts';
import { emptyReport, type LoadReport } from './load-report.ts';
import { sameShape, type Match } from './match-state-dict.ts';

/** Layer names Keras's Xception source gives explicitly; generated ones (conv2d_3, convolution2d_5) differ by version. */
const sourceName = /^block\d+_(conv|sepconv)\d+(_bn)?$/;

/**
 * Pairs the model's Keras layers with the file's layers that have weights, by position, as Keras's own
 * `load_weights` does for h5 files: the published Xception weights were saved under names Keras generated
 * (Keras 1 named every layer itself), so order is what they share with the model. Each weight's shape is
 * checked, and where the file does use Keras's source names, the name too.
 */
export function matchKerasLayers(expected: readonly KerasLayer[], stored: readonly StoredKerasLayer[]): { matches: Match[]; report: LoadReport } {
  const report = emptyReport();
  const matches: Match[] = [];
  expected.forEach((layer, index) => {
    const file = stored[index];
    if (file === undefined) {
      report.missing.push(...layer.weights.map((weight) => weight.source));
      return;
    }
    const where = `layer ${index + 1} with weights in the file, "${file.name}"`;
    const misnamed = sourceName.test(file.name) && sourceName.test(layer.name) && file.name !== layer.name;
    layer.weights.forEach((slot, i) => {
      const weight = file.weights[i];
      if (misnamed || weight === undefined || file.weights.length !== layer.weights.length || !sameShape(weight.shape, slot.shape)) {
        const note = misnamed
          ? `${where}, stands where this model has "${layer.name}"`
          : file.weights.length !== layer.weights.length ? `${where}, has ${file.weights.length} weights where this model has ${layer.weights.length}` : where;
        report.mismatched.push({ name: slot.source, fileShape: weight?.shape ?? null, modelShape: slot.shape, note });
      } else {
        matches.push({ slot, tensor: weight });
      }
    });
  });
  // A weight's name in the file already holds its layer's (conv2d_4/kernel:0, or convolution2d_6_W:0 in Keras 1).
  for (const file of stored.slice(expected.length)) report.unexpected.push(...file.weights.map((weight) => weight.name));
  return { matches, report };
}
