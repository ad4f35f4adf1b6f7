import type { ServedModel } from '../served-model.ts';

/** `platform` in the model metadata: ftd's own detector (graphs on onnxruntime-node, the mask rule in between). */
export const FTD_PLATFORM = 'ftd_onnxruntime_node';

/**
 * GET /v2/models/{name}: the served model as the Open Inference Protocol describes models. The input listed is
 * the graph's own, FP32 [-1, 3, S, S], as Triton lists it for the exported repository, so tools that build
 * requests from metadata work against both; `image` is also accepted as BYTES (encoded images), which
 * `parameters` says. The version is the export's id (the sha256 of its model.json), which changes with each export.
 */
export function modelMetadata(model: ServedModel, modelName: string) {
  const { size } = model.detector.manifest.input;
  const { h, w } = model.detector.manifest.featureGrid;
  return {
    name: modelName,
    versions: [model.identity.id],
    platform: FTD_PLATFORM,
    inputs: [{ name: 'image', datatype: 'FP32', shape: [-1, 3, size, size] }],
    outputs: [
      { name: 'prob', datatype: 'FP32', shape: [-1] },
      { name: 'attention', datatype: 'FP32', shape: [-1, h * w] },
      { name: 'mask', datatype: 'FP32', shape: [-1, h * w] },
    ],
    parameters: { image_bytes: 'input "image" may also be BYTES [N]: encoded JPEG, PNG or WebP images, one element each, decoded and resized by the server' },
  };
}
