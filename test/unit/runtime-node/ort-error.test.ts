import { describe, expect, it } from 'vitest';
import { ortErrorReason } from '../../../src/runtime-node/ort-error.ts';

describe('ortErrorReason', () => {
  it('keeps the reason of a failed onnxruntime check and drops its source location and expression', () => {
    const error = new Error(
      'onnxruntime/core/providers/webgpu/webgpu_context.cc:136 Initialize(...) adapter_result.status == Success was false. Failed to get a WebGPU adapter: No supported adapters\n',
    );
    expect(ortErrorReason(error)).toBe('Failed to get a WebGPU adapter: No supported adapters');
  });

  it('passes a plain message through, first line only', () => {
    expect(ortErrorReason(new Error('no such file\nstack'))).toBe('no such file');
    expect(ortErrorReason('text')).toBe('text');
  });
});
