import { describe, expect, it } from 'vitest';
import { collectingStream } from '../../helpers/collecting-stream.ts';
import { SynthProgress } from '../../../src/synth/progress.ts';

describe('SynthProgress', () => {
  it('writes a plain line per tenth of the frames when the stream is not a terminal', () => {
    const { stream, text } = collectingStream(false);
    const progress = new SynthProgress(stream, 20);
    for (let done = 1; done <= 20; done++) progress.update(done, done * 5);
    progress.stop();
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^synth: 1\/20 frames, 5 images, \d+ images\/s$/);
    expect(lines[10]).toMatch(/^synth: 20\/20 frames, 100 images, \d+ images\/s$/);
    // Nothing for a terminal to interpret: no carriage returns or escape sequences in a log.
    expect(text()).not.toMatch(/[\r\u001b]/);
  });

  it('draws a cli-progress bar on a terminal and ends it with the last frame', () => {
    const { stream, text } = collectingStream(true);
    const progress = new SynthProgress(stream, 4);
    for (let done = 1; done <= 4; done++) progress.update(done, done * 2);
    progress.stop();
    expect(text()).toMatch(/synth .* 4\/4 frames \| 8 images \| \d+ images\/s/);
  });

  it('writes nothing without a stream', () => {
    expect(() => new SynthProgress(undefined, 3).update(1, 1)).not.toThrow();
  });
});
