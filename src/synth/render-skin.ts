import type { FrameConditions } from './conditions.ts';
import type { FaceGeometry } from './geometry.ts';
import type { FaceIdentity } from './identity.ts';
import { gaussianFalloff, type Paint } from './paint.ts';

/**
 * The colour of the facial skin at a face point: the identity's tone under the head's shading, with
 * the soft relief that makes a disc read as a face (eye sockets, nose side and under-nose shadows, a tip
 * highlight, cheek blush). `smooth` = false leaves the relief out, as a crude graphics model would.
 */
export function skinColour(
  paint: Paint,
  identity: FaceIdentity,
  geometry: FaceGeometry,
  conditions: FrameConditions,
  fx: number,
  fy: number,
  shade: number,
  smooth: boolean,
): void {
  const s = identity.skin;
  let k = shade;
  let red = 0;
  if (smooth) {
    const { eyes, nose, mouth } = geometry;
    for (const eye of eyes) k *= 1 - 0.16 * gaussianFalloff((fx - eye.x) / 0.07, (fy - eye.y + 0.005) / 0.045);
    const shadowSide = conditions.light.x > 0 ? -1 : 1;
    if (fy > nose.topY && fy < nose.tipY + 0.04) {
      const along = (fy - nose.topY) / (nose.tipY - nose.topY);
      k *= 1 - 0.14 * Math.min(1, along * 1.5) * gaussianFalloff((fx - nose.x - shadowSide * nose.width * 0.75) / 0.018, 0);
    }
    k *= 1 - 0.22 * gaussianFalloff((fx - nose.x) / (nose.width * 1.1), (fy - nose.tipY - 0.022) / 0.012);
    k *= 1 + 0.07 * gaussianFalloff((fx - nose.x) / 0.02, (fy - nose.tipY + 0.02) / 0.02);
    k *= 1 - 0.12 * gaussianFalloff((fx - mouth.x) / (mouth.width * 0.5), (fy - mouth.y - mouth.open - mouth.lip - 0.03) / 0.015);
    for (let side = -1; side <= 1; side += 2) {
      red += identity.blush * gaussianFalloff((fx - side * geometry.faceWidth * 0.55) / 0.08, (fy - mouth.y + 0.1) / 0.06);
    }
    const jaw = Math.max(0, (fy - geometry.faceHeight * 0.55) / (geometry.faceHeight * 0.45));
    k *= 1 - 0.12 * jaw * jaw;
  }
  paint.r = s[0] * k + red * 0.5;
  paint.g = s[1] * k - red * 0.15;
  paint.b = s[2] * k - red * 0.1;
}
