import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFrameSet } from '../../../src/synth/frame-set.ts';
import { framePath } from '../../../src/synth/layout.ts';
import { readSynthManifest } from '../../../src/synth/read-manifest.ts';
import { decodeRgb, fixtureRoot } from './synth-files.ts';

describe('fixtures/synth-tiny', () => {
  it('holds exactly what the current generator renders (regenerate it with the command in docs/synth.md if not)', async () => {
    const manifest = await readSynthManifest(fixtureRoot);
    const { seed, size, identities, videos, frames, families } = manifest.generator;
    for (let identity = 0; identity < identities; identity++) {
      for (let video = 0; video < videos; video++) {
        for (let frame = 0; frame < frames; frame++) {
          const set = renderFrameSet(seed, { identity, video, frame }, size, families);
          for (const [type, pixels] of set.pixels) {
            const file = await decodeRgb(join(fixtureRoot, framePath('raw', type, identity, video, frame)));
            expect(file.data, `${type} ${identity}/${video}/${frame}`).toEqual(pixels);
          }
        }
      }
    }
  });
});
