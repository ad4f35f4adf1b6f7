import sharp, { type OverlayOptions } from 'sharp';
import type { Sample } from '../data/sample.ts';
import { attentionTile, maskOutline } from './attention-tile.ts';
import type { FacePicks } from './pick-faces.ts';
import type { InspectedFace } from './score-samples.ts';

export interface AttentionGridInput {
  readonly picks: FacePicks;
  readonly faces: readonly InspectedFace[];
  /** The model's input side and feature grid. */
  readonly size: number;
  readonly h: number;
  readonly w: number;
  readonly k: number;
  readonly maskStrategy: string;
}

const header = 26;
const caption = 20;
const footer = 36;
/** Wide enough for the two legend lines when only a type or two is shown. */
const minimumWidth = 360;
const gap = 4;
const maskColour = '#00ffff';

/** The pixel size of attention.png for these picks: one column per type, `rows` faces each. */
export function attentionGridSize(picks: FacePicks, size: number): { width: number; height: number; tile: number } {
  const tile = size * Math.max(1, Math.ceil(128 / size));
  return {
    width: Math.max(minimumWidth, picks.columns.length * (tile + gap) + gap),
    height: header + picks.rows * (tile + caption + gap) + footer,
    tile,
  };
}

/**
 * attention.png: real faces and each fake type in labelled columns, each face under the teacher's attention
 * (colour map, alpha-blended) with the positions masked for the student outlined, and its probability of
 * fake and compression level beneath it. A dark background, like the synth contact sheet.
 */
export async function attentionGridPng(input: AttentionGridInput): Promise<Buffer> {
  const { picks, size, h, w } = input;
  const { width, height, tile } = attentionGridSize(picks, size);
  const cell = tile / h;
  const bySample = new Map<Sample, InspectedFace>(input.faces.map((face) => [face.sample, face]));
  const layers: OverlayOptions[] = [];
  const svg: string[] = [];
  for (const [column, type] of picks.columns.entries()) {
    const left = gap + column * (tile + gap);
    svg.push(text(type, left + tile / 2, header - 8, 'middle', 14));
    for (const [row, sample] of picks.faces[column]!.entries()) {
      const face = bySample.get(sample);
      // A face the loader skipped under --skip-bad leaves its place empty.
      if (!face) continue;
      const top = header + row * (tile + caption + gap);
      const pixels = await attentionTile({ pixels: face.pixels, size, attention: face.attention, h, w }, tile);
      layers.push({ input: Buffer.from(pixels), raw: { width: tile, height: tile, channels: 3 }, left, top });
      svg.push(`<g stroke="${maskColour}" stroke-width="2">${maskOutline(face.mask, h, w, left, top, cell)}</g>`);
      const compression = sample.compression === undefined ? '' : `  ${sample.compression}`;
      svg.push(text(`p ${face.prob.toFixed(3)}${compression}`, left + tile / 2, top + tile + 15, 'middle', 12));
    }
  }
  svg.push(text('attention: inferno colour map, scaled per face to its peak', gap, height - 22, 'start', 11));
  svg.push(text(`cyan outline: the ${input.k} of ${h * w} feature positions masked (${input.maskStrategy})`, gap, height - 7, 'start', 11));
  layers.push({ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${svg.join('')}</svg>`), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 3, background: '#1e1e1e' } }).composite(layers).png().toBuffer();
}

function text(content: string, x: number, y: number, anchor: 'start' | 'middle', fontSize: number): string {
  const escaped = content.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#ffffff">${escaped}</text>`;
}
