import type { BackboneArchitecture } from '../config.ts';

/** Where each architecture's ImageNet weights come from, how they are stored, and the input they expect. */
export interface PretrainedSource {
  readonly format: 'torchvision' | 'timm' | 'keras-h5';
  /** For messages: what the file should be. */
  readonly expects: string;
  readonly container: 'safetensors' | 'hdf5';
  /** The input scaling the weights were trained with, on pixels in [0, 1]. */
  readonly inputNormalization: { mean: number[]; std: number[] };
}

const imagenetStatistics = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
// Keras's preprocess_input mode 'tf' (x / 127.5 - 1) and timm's legacy_xception config (mean = std = 0.5): [-1, 1].
const plusMinusOne = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

export const pretrainedSources: Readonly<Record<BackboneArchitecture, PretrainedSource>> = {
  xception: {
    format: 'keras-h5', container: 'hdf5', inputNormalization: plusMinusOne,
    expects: "Keras's Xception weights in HDF5 (xception_weights_tf_dim_ordering_tf_kernels_notop.h5)",
  },
  'xception-timm': {
    format: 'timm', container: 'safetensors', inputNormalization: plusMinusOne,
    expects: "timm's legacy_xception state dict as safetensors (timm/legacy_xception.tf_in1k on the Hugging Face hub)",
  },
  resnet18: {
    format: 'torchvision', container: 'safetensors', inputNormalization: imagenetStatistics,
    expects: "torchvision's resnet18 state dict as safetensors",
  },
  resnet34: {
    format: 'torchvision', container: 'safetensors', inputNormalization: imagenetStatistics,
    expects: "torchvision's resnet34 state dict as safetensors",
  },
};
