import { describe, it } from 'vitest';
import { convCases, describeCase, outputShape } from './conv-grid.ts';
import { expectClose, kernelOnBoth, normals, wasmUnavailableReason } from './wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the wasm Conv2DBackpropInput tests: ${missing}`);

// Stride 1 runs the replacement, stride 2 the stock kernel it wraps: both must match cpu.
describe.skipIf(missing !== null)('Conv2DBackpropInput on wasm', () => {
  it.each(convCases({ dilations: false }).map((c) => [describeCase(c), c] as const))('%s: matches cpu to 1e-5 relative', async (name, c) => {
    const outChannels = 4;
    const filterShape = [c.kernel, c.kernel, c.channels, outChannels];
    const dyShape = outputShape(c, outChannels, false);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b);
    const { wasm, cpu } = await kernelOnBoth(
      'Conv2DBackpropInput',
      { dy: { shape: dyShape, values: normals(size(dyShape), `dy ${name}`) }, filter: { shape: filterShape, values: normals(size(filterShape), `w ${name}`) } },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: [c.batch, c.size, c.size, c.channels] },
    );
    expectClose(wasm, cpu, 1e-5, name);
  });
});
