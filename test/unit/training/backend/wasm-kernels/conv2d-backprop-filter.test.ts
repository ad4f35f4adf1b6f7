import { describe, it } from 'vitest';
import { convCases, describeCase, outputShape } from './conv-grid.ts';
import { expectClose, kernelOnBoth, normals, wasmUnavailableReason } from './wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the wasm Conv2DBackpropFilter tests: ${missing}`);

/** tfjs's conv2d gradient never passes a dilation to this kernel, so the grid has none. */
describe.skipIf(missing !== null)('Conv2DBackpropFilter on wasm', () => {
  it.each(convCases({ dilations: false }).map((c) => [describeCase(c), c] as const))('%s: matches cpu to 1e-5 relative', async (name, c) => {
    const outChannels = 4;
    const dyShape = outputShape(c, outChannels, false);
    const xShape = [c.batch, c.size, c.size, c.channels];
    const { wasm, cpu } = await kernelOnBoth(
      'Conv2DBackpropFilter',
      {
        x: { shape: xShape, values: normals(xShape.reduce((a, b) => a * b), `x ${name}`) },
        dy: { shape: dyShape, values: normals(dyShape.reduce((a, b) => a * b), `dy ${name}`) },
      },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: [c.kernel, c.kernel, c.channels, outChannels] },
    );
    expectClose(wasm, cpu, 1e-5, name);
  });
});
