import { describe, expect, it } from 'vitest';
import { describePlacement, mergePlacements, placementOfProfile } from '../../../src/runtime-node/node-placement.ts';

/** Trace events shaped like onnxruntime's profile output (one per node run, plus session events). */
function nodeEvent(name: string, provider: string) {
  return { cat: 'Node', name: `${name}_kernel_time`, ph: 'X', dur: 10, args: { provider, op_name: 'Conv' } };
}

describe('placementOfProfile', () => {
  it('counts each node once by the provider that ran it, ignoring session and fence events', () => {
    const events = [
      { cat: 'Session', name: 'model_run', args: {} },
      nodeEvent('conv_0', 'WebGpuExecutionProvider'),
      nodeEvent('conv_1', 'WebGpuExecutionProvider'),
      nodeEvent('topk', 'CPUExecutionProvider'),
      { cat: 'Node', name: 'conv_0_fence_before', args: { provider: 'WebGpuExecutionProvider' } },
      // The same nodes again: a second run must not double the counts.
      nodeEvent('conv_0', 'WebGpuExecutionProvider'),
      nodeEvent('topk', 'CPUExecutionProvider'),
    ];
    expect(placementOfProfile(events)).toEqual({ nodes: 3, byProvider: { WebGpuExecutionProvider: 2, CPUExecutionProvider: 1 } });
  });

  it('refuses a profile that is not a trace-event array', () => {
    expect(() => placementOfProfile({ events: [] })).toThrow(TypeError);
  });
});

describe('mergePlacements and describePlacement', () => {
  it('adds the sessions of a detector together and names EPs as ftd does', () => {
    const teacher = { nodes: 5, byProvider: { WebGpuExecutionProvider: 4, CPUExecutionProvider: 1 } };
    const student = { nodes: 3, byProvider: { WebGpuExecutionProvider: 3 } };
    const merged = mergePlacements([teacher, student]);
    expect(merged).toEqual({ nodes: 8, byProvider: { WebGpuExecutionProvider: 7, CPUExecutionProvider: 1 } });
    expect(describePlacement(merged)).toBe('7 webgpu, 1 cpu');
  });
});
