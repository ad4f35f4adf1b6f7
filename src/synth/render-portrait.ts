import type { FrameConditions } from './conditions.ts';
import { faceGeometry, type FaceGeometry } from './geometry.ts';
import type { FaceIdentity } from './identity.ts';
import { createImage, type PixelBox, type RgbImage } from './image.ts';
import { paintOver, type Paint } from './paint.ts';
import { paintBackdrop } from './render-backdrop.ts';
import { paintBrows, paintEyes, paintMouth, paintNostrils } from './render-features.ts';
import { faceOutlineDistance, headShade, paintBehindFace, paintFringe } from './render-head.ts';
import { skinColour } from './render-skin.ts';
import { coverage } from './shapes.ts';

/**
 * `photo`: smooth shading with relief. `graphic`: the look of a textured 3-D face model rendered by a
 * game engine: shading quantised into flat bands, no soft relief.
 */
export type PortraitStyle = 'photo' | 'graphic';

/**
 * Renders one person in one frame's conditions, before the camera (no blur, no noise): the scene lit,
 * exposed and white-balanced. Every shape is anti-aliased from its distance field. With `box`, only the
 * pixels inside it are drawn (the rest stay 0): fakes that paste a face need only the face's surroundings.
 */
export function renderPortrait(
  identity: FaceIdentity,
  conditions: FrameConditions,
  size: number,
  style: PortraitStyle = 'photo',
  box: PixelBox = { x0: 0, y0: 0, x1: size, y1: size },
): { image: RgbImage; geometry: FaceGeometry } {
  const geometry = faceGeometry(identity, conditions, size);
  const image = createImage(size, size);
  const paint: Paint = { r: 0, g: 0, b: 0 };
  const skin: Paint = { r: 0, g: 0, b: 0 };
  const half = size / 2;
  const imagePixel = 2 / size;
  const cos = Math.cos(geometry.roll);
  const sin = Math.sin(geometry.roll);
  const posterize = style === 'graphic' ? 10 : 0;
  const smooth = style === 'photo';
  const { brightness } = conditions.light;
  const tint = conditions.scene.tint;
  for (let py = Math.max(0, box.y0); py < Math.min(size, box.y1); py++) {
    const y = (py + 0.5) / half - 1;
    for (let px = Math.max(0, box.x0); px < Math.min(size, box.x1); px++) {
      const x = (px + 0.5) / half - 1;
      const ux = (x - geometry.centerX) / geometry.scale;
      const uy = (y - geometry.centerY) / geometry.scale;
      const fx = cos * ux + sin * uy;
      const fy = -sin * ux + cos * uy;
      paintBackdrop(paint, conditions, x, y, imagePixel);
      paintBehindFace(paint, identity, geometry, conditions, fx, fy);
      const outline = faceOutlineDistance(geometry, fx, fy);
      if (outline < geometry.pixel) {
        const shade = headShade(geometry, conditions, fx, fy, posterize);
        skinColour(skin, identity, geometry, conditions, fx, fy, shade, smooth);
        paintBrows(skin, identity, geometry, fx, fy, shade);
        paintEyes(skin, identity, geometry, conditions.expression, fx, fy, shade);
        paintNostrils(skin, identity, geometry, fx, fy);
        paintMouth(skin, identity, geometry, fx, fy, shade);
        paintOver(paint, skin.r, skin.g, skin.b, coverage(outline / geometry.pixel));
      }
      paintFringe(paint, identity, geometry, conditions, fx, fy);
      const i = (py * size + px) * 3;
      image.data[i] = paint.r * brightness * tint[0];
      image.data[i + 1] = paint.g * brightness * tint[1];
      image.data[i + 2] = paint.b * brightness * tint[2];
    }
  }
  return { image, geometry };
}
