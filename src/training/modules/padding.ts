/**
 * Window geometry shared by convolutions and pools, computed exactly as tfjs does, so an ONNX node with
 * explicit pads reproduces the tfjs layer (ONNX's auto_pad is deprecated and its SAME variants have not
 * always agreed across runtimes for dilated kernels).
 */

/** 'same' and 'valid' as tfjs and Keras define them, or a symmetric explicit pad (torchvision's convs and pools). */
export type Padding = 'same' | 'valid' | number;

/** One square window: the same kernel, stride and dilation on both spatial axes. */
export interface Window {
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padding: Padding;
}

/** Height and width of a feature map. */
export interface SpatialSize {
  readonly height: number;
  readonly width: number;
}

/** The extent a dilated kernel covers. */
export function effectiveKernel(window: Window): number {
  return (window.kernel - 1) * window.dilation + 1;
}

/** Padding before and after along one axis of the given size. */
export function axisPads(size: number, window: Window): [number, number] {
  const { padding, stride } = window;
  if (padding === 'valid') return [0, 0];
  if (typeof padding === 'number') return [padding, padding];
  // tfjs 'same': the output is ceil(size / stride) and the odd pixel of padding goes after.
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + effectiveKernel(window) - size);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Output length along one axis; throws a RangeError when the input is smaller than the window. */
export function axisOutputSize(size: number, window: Window, who: string): number {
  const [before, after] = axisPads(size, window);
  const span = size + before + after - effectiveKernel(window);
  if (span < 0) {
    throw new RangeError(
      `${who}: input size ${size} is smaller than its ${window.kernel}x${window.kernel} window ` +
        `(dilation ${window.dilation}, padding ${String(window.padding)}); use a larger image`,
    );
  }
  return Math.floor(span / window.stride) + 1;
}

export function windowOutputSize(size: SpatialSize, window: Window, who: string): SpatialSize {
  return { height: axisOutputSize(size.height, window, who), width: axisOutputSize(size.width, window, who) };
}

/** ONNX `pads` ([top, left, bottom, right]) for an input of the given size. */
export function onnxPads(size: SpatialSize, window: Window): number[] {
  const [top, bottom] = axisPads(size.height, window);
  const [left, right] = axisPads(size.width, window);
  return [top, left, bottom, right];
}

/** Whether the pads depend on the input's size, in which case the emitter needs the input's static shape. */
export function padsDependOnSize(window: Window): boolean {
  return window.padding === 'same' && window.stride > 1;
}

export function validateWindow(window: Window, who: string): void {
  for (const field of ['kernel', 'stride', 'dilation'] as const) {
    const value = window[field];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${who}: ${field} must be an integer >= 1, got ${value}`);
    }
  }
  if (typeof window.padding === 'number' && (!Number.isInteger(window.padding) || window.padding < 0)) {
    throw new RangeError(`${who}: padding must be 'same', 'valid' or an integer >= 0, got ${window.padding}`);
  }
  if (typeof window.padding === 'string' && window.padding !== 'same' && window.padding !== 'valid') {
    throw new RangeError(`${who}: padding must be 'same', 'valid' or an integer >= 0, got "${window.padding}"`);
  }
  // tfjs can neither run nor differentiate a window that is both strided and dilated.
  if (window.stride > 1 && window.dilation > 1) {
    throw new RangeError(`${who}: stride ${window.stride} and dilation ${window.dilation} cannot both exceed 1`);
  }
}
