import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../util/rng.ts';
import { Conv2d } from '../modules/conv2d.ts';
import { emitModule, registerEmitter } from '../modules/emitters.ts';
import { InputNormalization } from '../modules/input-normalization.ts';
import { LeakyReLU } from '../modules/leaky-relu.ts';
import { MaxPool } from '../modules/max-pool.ts';
import { Module } from '../modules/module.ts';
import { SeparableConv2d } from '../modules/separable-conv2d.ts';
import type { ShapedSink } from '../modules/shaped-sink.ts';
import { tinyFaceDetectorConfig as config } from './tiny-face-detector-config.ts';

const separableWidths = [16, 32, 64, 128, 256, 512] as const;

/**
 * face-api's tiny face detector (a tiny YOLO v2 with depthwise-separable convolutions), layer for layer:
 * mean-RGB centring, a 3x3 'valid' convolution, five 3x3 separable convolutions (each padded by 1), a
 * leaky ReLU after each and a 2x2 max pool after each (stride 2, the last stride 1, tfjs 'same'), then a
 * 1x1 convolution to 5 anchors x (x, y, w, h, objectness) per cell. Input NHWC RGB in [0, 1]; output the raw
 * encodings [N, S/32, S/32, 25], which `decodeFaceBoxes` turns into boxes.
 */
export class TinyFaceDetector extends Module {
  readonly kind = 'TinyFaceDetector';
  readonly normalize: InputNormalization;
  readonly leaky: LeakyReLU;
  readonly convolutions: Array<Conv2d | SeparableConv2d>;
  readonly pools: MaxPool[];
  readonly head: Conv2d;

  constructor() {
    super();
    // Every weight is replaced by the shipped ones; the generator only fills the variables until then.
    const rng = new Rng(['tiny-face-detector']);
    // face-api subtracts the mean from 0..255 pixels and then divides by 255: the same as subtracting mean / 255 here.
    this.normalize = this.addModule('normalize', new InputNormalization({ mean: config.meanRgb.map((value) => value / 255), std: [1, 1, 1] }));
    this.leaky = this.addModule('leaky', new LeakyReLU({ alpha: config.leakyAlpha, channels: separableWidths[0] }));
    this.convolutions = [this.addModule('conv0', new Conv2d({ inChannels: 3, outChannels: separableWidths[0], kernel: 3, padding: 'valid' }, rng))];
    for (let i = 1; i < separableWidths.length; i++) {
      const options = { inChannels: separableWidths[i - 1]!, outChannels: separableWidths[i]!, kernel: 3, padding: 1 };
      this.convolutions.push(this.addModule(`conv${i}`, new SeparableConv2d(options, rng)));
    }
    this.pools = this.convolutions.map((_, i) =>
      this.addModule(`pool${i}`, new MaxPool({ kernel: 2, stride: i === this.convolutions.length - 1 ? 1 : 2, padding: 'same' })),
    );
    const encoding = config.anchors.length * 5;
    this.head = this.addModule('conv8', new Conv2d({ inChannels: separableWidths.at(-1)!, outChannels: encoding, kernel: 1, padding: 'valid' }, rng));
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let y = this.normalize.forward(x);
      this.convolutions.forEach((conv, i) => {
        y = this.pools[i]!.forward(this.leaky.forward(conv.forward(y)));
      });
      return this.head.forward(y);
    });
  }
}

export function emitTinyFaceDetector(net: TinyFaceDetector, sink: ShapedSink, inputs: readonly string[]): string[] {
  let y = emitModule(net.normalize, sink, inputs);
  net.convolutions.forEach((conv, i) => {
    y = emitModule(net.pools[i]!, sink, emitModule(net.leaky, sink, emitModule(conv, sink, y)));
  });
  return emitModule(net.head, sink, y);
}

registerEmitter('TinyFaceDetector', emitTinyFaceDetector);
