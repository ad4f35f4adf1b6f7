import { describe, it } from 'vitest';
import { convCases, describeCase, outputShape } from './conv-grid.ts';
import { expectClose, kernelOnBoth, normals, wasmUnavailableReason } from './wasm-vs-cpu.ts';

const missing = await wasmUnavailableReason();
if (missing) console.warn(`skipping the wasm DepthwiseConv2dNativeBackpropInput tests: ${missing}`);

// tfjs's cpu kernels ignore the dilation attribute (tfjs's depthwise gradient rejects dilations above 1
// before reaching them), so there is no cpu reference for it here; dilated gradients are checked in
// test/unit/training/modules/convolution-gradients.test.ts against the space-to-batch form.
const cases = convCases({ dilations: false }).flatMap((c) => [1, 2].map((multiplier) => ({ ...c, multiplier })));

describe.skipIf(missing !== null)('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(cases.map((c) => [`${describeCase(c)} multiplier ${c.multiplier}`, c] as const))('%s: matches cpu to 1e-5 relative', async (name, c) => {
    const filterShape = [c.kernel, c.kernel, c.channels, c.multiplier] as [number, number, number, number];
    const xShape = [c.batch, c.size, c.size, c.channels] as [number, number, number, number];
    const dyShape = outputShape(c, c.multiplier, true);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b);
    const attrs = { strides: c.stride, dilations: c.dilation, pad: c.pad };
    const { wasm, cpu } = await kernelOnBoth(
      'DepthwiseConv2dNativeBackpropInput',
      { dy: { shape: dyShape, values: normals(size(dyShape), `dy ${name}`) }, filter: { shape: filterShape, values: normals(size(filterShape), `w ${name}`) } },
      { ...attrs, inputShape: xShape },
    );
    expectClose(wasm, cpu, 1e-5, name);
  });
});
