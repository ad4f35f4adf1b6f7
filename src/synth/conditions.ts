import type { Rng } from '../util/rng.ts';
import type { Rgb } from './identity.ts';

/** A soft-edged object behind the person (a lamp, a picture, a window), in image units ([-1, 1]). */
export interface BackdropProp {
  x: number;
  y: number;
  halfWidth: number;
  halfHeight: number;
  colour: Rgb;
  /** 0 = ellipse, 1 = rectangle with rounded corners. */
  boxiness: number;
}

/** The set, light and camera of one video; frames jitter around it. */
export interface Scene {
  backdropTop: Rgb;
  backdropBottom: Rgb;
  props: BackdropProp[];
  lightAzimuth: number;
  lightElevation: number;
  tint: Rgb;
  centerX: number;
  centerY: number;
  scale: number;
}

export interface Expression {
  /** 0 = closed, 1 = wide open. */
  mouthOpen: number;
  /** Negative = frown, positive = smile. */
  smile: number;
  browRaise: number;
  /** 1 = open, near 0 = blinking. */
  eyeOpen: number;
  gazeX: number;
  gazeY: number;
}

/** Everything that varies from frame to frame of one video. */
export interface FrameConditions {
  scene: Scene;
  expression: Expression;
  centerX: number;
  centerY: number;
  scale: number;
  /** In-plane head rotation, radians. */
  roll: number;
  /** Head turn: features slide sideways in proportion to their depth. */
  yaw: number;
  light: { x: number; y: number; z: number; ambient: number; brightness: number };
  backdropShift: number;
  /** Optical blur, standard deviation in pixels at 64 px (scaled with the square root of the size). */
  blurSigma: number;
  /** Sensor noise, standard deviation in [0, 1] intensity units. */
  noiseSigma: number;
}

export function drawScene(rng: Rng): Scene {
  const base: Rgb = [rng.range(0.15, 0.85), rng.range(0.15, 0.85), rng.range(0.15, 0.85)];
  const shade = rng.range(0.55, 0.9);
  const props: BackdropProp[] = [];
  const count = 1 + rng.int(3);
  for (let i = 0; i < count; i++) {
    props.push({
      x: rng.pick([-1, 1]) * rng.range(0.55, 0.95),
      y: rng.range(-0.9, 0.4),
      halfWidth: rng.range(0.08, 0.3),
      halfHeight: rng.range(0.08, 0.4),
      colour: [rng.range(0.05, 0.95), rng.range(0.05, 0.95), rng.range(0.05, 0.95)],
      boxiness: rng.uniform() < 0.5 ? 1 : 0,
    });
  }
  return {
    backdropTop: base,
    backdropBottom: [base[0] * shade, base[1] * shade, base[2] * shade],
    props,
    lightAzimuth: rng.range(-0.9, 0.9),
    lightElevation: rng.range(0.1, 0.6),
    tint: [rng.range(0.92, 1.06), rng.range(0.95, 1.03), rng.range(0.9, 1.08)],
    centerX: rng.range(-0.06, 0.06),
    centerY: rng.range(-0.02, 0.06),
    scale: rng.range(1.15, 1.3),
  };
}

export function drawFrameConditions(scene: Scene, rng: Rng): FrameConditions {
  const azimuth = scene.lightAzimuth + rng.range(-0.15, 0.15);
  const elevation = scene.lightElevation + rng.range(-0.1, 0.1);
  const talking = rng.uniform();
  return {
    scene,
    expression: {
      mouthOpen: talking < 0.35 ? 0 : rng.range(0.1, 1),
      smile: rng.range(-0.4, 1),
      browRaise: rng.range(-0.5, 1),
      eyeOpen: rng.uniform() < 0.1 ? rng.range(0.1, 0.4) : rng.range(0.8, 1.1),
      gazeX: rng.range(-0.4, 0.4),
      gazeY: rng.range(-0.25, 0.25),
    },
    centerX: scene.centerX + rng.range(-0.04, 0.04),
    centerY: scene.centerY + rng.range(-0.03, 0.03),
    scale: scene.scale * rng.range(0.96, 1.04),
    roll: rng.range(-0.12, 0.12),
    yaw: rng.range(-0.25, 0.25),
    light: {
      x: Math.sin(azimuth) * Math.cos(elevation),
      y: -Math.sin(elevation),
      z: Math.cos(azimuth) * Math.cos(elevation),
      ambient: rng.range(0.35, 0.55),
      brightness: rng.range(0.88, 1.08),
    },
    backdropShift: rng.range(-0.03, 0.03),
    blurSigma: rng.range(0.35, 0.8),
    noiseSigma: rng.range(0.008, 0.022),
  };
}
