import * as tf from '@tensorflow/tfjs-core';
import { deployedRandomMask } from '../../runtime-common/random-mask.ts';
import { Rng } from '../../util/rng.ts';
import { featureGrid, validateModelConfig, type ModelConfig } from '../config.ts';
import { binaryCrossEntropyWithLogits } from '../method/binary-cross-entropy.ts';
import { deepMixup } from '../method/deep-mixup.ts';
import { diversityLoss } from '../method/diversity-loss.ts';
import { featureMask } from '../method/feature-mask.ts';
import { Module } from '../modules/module.ts';
import { Student } from './student.ts';
import { Teacher } from './teacher.ts';

// A type rather than an interface: tf.tidy returns only index-signature objects (TensorContainer).
export type LossParts = {
  /** BCE of the teacher's CNN branch, L^t_cls. */
  readonly teacherCnn: tf.Scalar;
  /** BCE of the teacher's ViT branch, L^t_vit. */
  readonly teacherVit: tf.Scalar;
  /** Head-diversity loss of the last block, L_div (unweighted). */
  readonly diversity: tf.Scalar;
  /** BCE of the student on [F; F'] with targets [y; y'] (just F and y without mixup), L_s. */
  readonly student: tf.Scalar;
};

export interface Prediction {
  /** [N] probability of fake, sigmoid(logit). */
  readonly prob: tf.Tensor1D;
  /** [N] the student's logit: the deployed score. */
  readonly logit: tf.Tensor1D;
  readonly cnnLogit: tf.Tensor1D;
  readonly vitLogit: tf.Tensor1D;
  /** [N, h*w] the teacher's attention. */
  readonly attention: tf.Tensor2D;
  /** [N, h*w] the student's mask, 0 = removed. */
  readonly mask: tf.Tensor2D;
}

/**
 * Learning to mask: a teacher (CNN + ViT) finds where the forgery evidence is, the student (a CNN) is trained
 * with those positions masked out of its features, so it must also use the rest; deep mixup adds mixed
 * features to its head's batch. Both train together on L = L^t_cls + L^t_vit + alpha L_div + L_s.
 */
export class LearningToMask extends Module {
  readonly kind = 'LearningToMask';
  readonly config: ModelConfig;
  readonly teacher: Teacher;
  readonly student: Student;
  /** Positions the mask removes per image. */
  readonly maskSize: number;
  /** The seed the weights were drawn from; inference's `random` masks are drawn from it too (model.json's mask.seed). */
  readonly seed: number;

  /** Weights are drawn from `seed`; the teacher's and student's from separate streams, so one's size does not shift the other's. */
  constructor(config: ModelConfig, seed: number) {
    super();
    this.config = validateModelConfig(config);
    this.maskSize = featureGrid(this.config).k;
    this.seed = seed;
    this.teacher = this.addModule('teacher', new Teacher(this.config, new Rng([seed, 'teacher'])));
    this.student = this.addModule('student', new Student(this.config, new Rng([seed, 'student'])));
  }

  /** The student's mask [N, h*w] (0 = removed) for the teacher's attention, by the configured strategy. */
  maskFrom(attention: tf.Tensor2D, rng: Rng): tf.Tensor2D {
    return featureMask(attention, this.config.maskStrategy, this.maskSize, rng);
  }

  /**
   * The training loss on `images` NHWC [N, S, S, 3] in [0, 1] with `labels` [N] (1 = fake). BatchNorm uses the
   * batch's statistics and moves its running averages. `rng` draws the random mask (strategy `random`) and
   * then the mixup pairs and factors; pass one derived from the step (new Rng([seed, 'step', step])) to make
   * steps reproducible. The mask is a constant to the gradient.
   *
   * Under tf.variableGrads or optimizer.minimize return `total`; the tape disposes everything else it
   * created, so tf.keep the parts there if they are to be read afterwards. tfjs-core registers no
   * gradients by itself: await `registerGradients()` (training/backend) once before the first step.
   */
  loss(images: tf.Tensor4D, labels: tf.Tensor1D, rng: Rng): { total: tf.Scalar; parts: LossParts } {
    this.assertImages(images, 'loss');
    if (labels.shape[0] !== images.shape[0]) {
      throw new RangeError(`loss: ${images.shape[0]} images but ${labels.shape[0]} labels`);
    }
    const { mixup, mixupAlpha, diversityWeight } = this.config;
    return tf.tidy(() => {
      const teacher = this.teacher.forward(images, true);
      const mask = this.maskFrom(teacher.attention, rng);
      const features = this.student.features(images, mask, true);
      const head = mixup ? deepMixup(features, labels, mixupAlpha, rng) : { features, targets: labels };
      const parts: LossParts = {
        teacherCnn: binaryCrossEntropyWithLogits(teacher.cnnLogit, labels),
        teacherVit: binaryCrossEntropyWithLogits(teacher.vitLogit, labels),
        diversity: diversityLoss(teacher.headAttention),
        student: binaryCrossEntropyWithLogits(this.student.classify(head.features), head.targets),
      };
      const total = tf.addN([parts.teacherCnn, parts.teacherVit, tf.mul(parts.diversity, diversityWeight), parts.student]) as tf.Scalar;
      return { total, parts };
    });
  }

  /**
   * Inference as deployed, with BatchNorm's running statistics: teacher -> attention -> mask -> student.
   * A `random` mask is drawn as the runtimes draw it (runtime-common's deployedRandomMask): from `maskSeed`
   * and each image's own pixels, so exported models with random masks reproduce these outputs and an image
   * scores the same in any batch.
   */
  predict(images: tf.Tensor4D, maskSeed: number = this.seed): Prediction {
    this.assertImages(images, 'predict');
    return tf.tidy(() => {
      const teacher = this.teacher.forward(images, false);
      // high, low and none draw nothing from the generator maskFrom takes.
      const mask = this.config.maskStrategy === 'random'
        ? this.deployedRandomMask(images, teacher.attention.shape[1], maskSeed)
        : this.maskFrom(teacher.attention, new Rng([maskSeed]));
      const logit = this.student.forward(images, mask, false);
      return { prob: tf.sigmoid(logit), logit, cnnLogit: teacher.cnnLogit, vitLogit: teacher.vitLogit, attention: teacher.attention, mask };
    });
  }

  private deployedRandomMask(images: tf.Tensor4D, positions: number, maskSeed: number): tf.Tensor2D {
    // The runtimes hash the graphs' NCHW input; a transpose moves the same float32 values into that order.
    const nchw = tf.transpose(images, [0, 3, 1, 2]).dataSync() as Float32Array;
    const samples = images.shape[0];
    return tf.tensor2d(deployedRandomMask(nchw, samples, positions, this.maskSize, maskSeed), [samples, positions]);
  }

  private assertImages(images: tf.Tensor4D, caller: string): void {
    const size = this.config.imageSize;
    const [, height, width, channels] = images.shape;
    if (height !== size || width !== size || channels !== 3) {
      throw new RangeError(`${caller}: images must be NHWC [N, ${size}, ${size}, 3] for this model, got [${images.shape.join(', ')}]`);
    }
  }
}
