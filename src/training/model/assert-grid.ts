import type { Backbone } from '../backbones/backbone.ts';
import { featureGrid, type ModelConfig } from '../config.ts';

/** A backbone whose map is not the config's grid would make the mask address the wrong positions. */
export function assertGrid(backbone: Backbone, config: ModelConfig, field: string): void {
  const expected = featureGrid(config);
  const actual = backbone.featureSize(config.imageSize);
  if (actual.h !== expected.h || actual.w !== expected.w) {
    const stride = config.teacherBackbone.outputStride;
    throw new RangeError(`${field}: a ${config.imageSize} px image gives a ${actual.h}x${actual.w} feature map, but the mask ` +
      `grid's side is imageSize / outputStride = ${config.imageSize} / ${stride} = ${expected.h}`);
  }
}
