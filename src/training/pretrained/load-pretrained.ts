import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../backbones/backbone.ts';
import { ResNet } from '../backbones/resnet.ts';
import { Xception } from '../backbones/xception.ts';
import type { InitSource } from '../checkpoint/run-record.ts';
import type { BackboneArchitecture } from '../config.ts';
import { FlagError } from '../../util/flag-error.ts';
import { kerasXceptionLayers } from './keras-xception-layers.ts';
import { describeReport, fitsExactly, type LoadReport } from './load-report.ts';
import { matchKerasLayers } from './match-keras-layers.ts';
import { matchStateDict, type Match } from './match-state-dict.ts';
import { pretrainedSources } from './pretrained-sources.ts';
import { readKerasH5 } from './read-keras-h5.ts';
import { recognizeStateDict } from './recognize-state-dict.ts';
import { toTfjsLayout } from './tensor-layouts.ts';
import { timmXceptionSlots } from './timm-xception-slots.ts';
import { torchvisionResNetSlots } from './torchvision-resnet-slots.ts';
import { recordedName, type WeightFile } from './weight-file.ts';

/** In torchvision's and timm's files and of no use here: the ImageNet classifier and BatchNorm's batch counters. */
const unusedTorchTensor = (name: string) => name === 'fc.weight' || name === 'fc.bias' || name.endsWith('.num_batches_tracked');

export interface LoadOptions {
  /** Refuse (FlagError, exit 2) unless the file fits exactly; otherwise load what fits and report the rest. */
  readonly strict: boolean;
  /** 'teacher' or 'student', for messages. */
  readonly role: string;
}

/**
 * Copies a pretrained file into `backbone`, converting layouts, after checking that it fits as PyTorch's
 * `load_state_dict` would. Nothing is assigned when a strict load finds a problem. Returns what run.json
 * records; `say` gets a summary line and, when not strict, the lines of what did not fit.
 */
export async function loadPretrained(
  backbone: Backbone,
  architecture: BackboneArchitecture,
  file: WeightFile,
  options: LoadOptions,
  say: (line: string) => void,
): Promise<InitSource> {
  const source = pretrainedSources[architecture];
  const target = `the ${options.role}'s ${architecture} backbone`;
  const recognized = file.container === 'hdf5' ? 'xception' : recognizeStateDict(file.safetensors!.tensors);
  const hint = recognized !== undefined && recognized !== architecture ? [`The file looks like ${recognized} weights: --backbone ${recognized}?`] : [];
  if (file.container !== source.container) {
    const found = file.container === 'hdf5' ? 'an HDF5 file' : 'a safetensors file';
    throw new FlagError(file.flag, [`${file.flag} ${file.path} is ${found}, but ${target} loads ${source.expects}.`, ...hint].join(' '));
  }
  const { matches, report } = await match(backbone, file, source.format);
  if (!fitsExactly(report)) {
    const lines = [...describeReport(report, options.strict ? 40 : Infinity), ...hint];
    if (options.strict) {
      throw new FlagError(file.flag, [`Error(s) in loading ${file.flag} ${file.path} into ${target}, which loads ${source.expects}:`, ...lines.map((line) => `  ${line}`),
        'Pass --init-non-strict to load the tensors that fit and keep the initial values of the rest.'].join('\n'));
    }
    say(`${file.flag} ${file.path} does not fit ${target} exactly (--init-non-strict): loading the ${matches.length} tensors that fit`);
    for (const line of lines) say(`  ${line}`);
  }
  for (const { slot, tensor } of matches) {
    tf.tidy(() => slot.target.assign(tf.tensor(toTfjsLayout(tensor.data, slot), [...slot.target.shape], 'float32')));
  }
  say(`${file.flag}: loaded ${matches.length} tensors of ${recordedName(file)} (sha256 ${file.sha256.slice(0, 12)}...) into ${target}${describeIgnored(report)}`);
  const notLoaded = [...report.missing, ...report.mismatched.map((mismatch) => mismatch.name)];
  return { file: recordedName(file), sha256: file.sha256, format: source.format, loaded: matches.length, notLoaded };
}

async function match(backbone: Backbone, file: WeightFile, format: 'torchvision' | 'timm' | 'keras-h5'): Promise<{ matches: Match[]; report: LoadReport }> {
  if (format === 'keras-h5') {
    if (!(backbone instanceof Xception)) throw new TypeError(`Keras weights load into an Xception, not a ${backbone.kind}`);
    const layers = await readKerasH5(file.path).catch((error: unknown) => {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      throw new FlagError(file.flag, `${file.flag}: ${error.message}`);
    });
    return matchKerasLayers(kerasXceptionLayers(backbone), layers);
  }
  const slots = format === 'torchvision' ? torchvisionResNetSlots(asResNet(backbone)) : timmXceptionSlots(asXception(backbone));
  const { tensors, skipped } = file.safetensors!;
  return matchStateDict(slots, tensors, skipped, unusedTorchTensor);
}

function asResNet(backbone: Backbone): ResNet {
  if (!(backbone instanceof ResNet)) throw new TypeError(`torchvision ResNet weights load into a ResNet, not a ${backbone.kind}`);
  return backbone;
}

function asXception(backbone: Backbone): Xception {
  if (!(backbone instanceof Xception)) throw new TypeError(`timm Xception weights load into an Xception, not a ${backbone.kind}`);
  return backbone;
}

function describeIgnored(report: LoadReport): string {
  if (report.ignored.length === 0) return '';
  const counters = report.ignored.filter((name) => name.endsWith('.num_batches_tracked')).length;
  const others = report.ignored.filter((name) => !name.endsWith('.num_batches_tracked'));
  const parts = [...others, ...(counters > 0 ? [`${counters} num_batches_tracked counters`] : [])];
  return `; not used: ${parts.join(', ')}`;
}
