import type { SourceRect } from '../../runtime-common/model-region.ts';
import { scaleRect } from '../../runtime-common/model-region.ts';
import { verdict } from '../demo/verdict.ts';

/** What the drawing needs of a scored face. */
export interface DrawnFace {
  readonly box: SourceRect;
  readonly prob: number;
}

const LONGEST_SIDE = 960;
const COLOURS = { fake: '#e8003a', real: '#19a347' } as const;

/** The canvas size for a picture: at most LONGEST_SIDE pixels a side, never enlarged. */
export function canvasSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, LONGEST_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The picture with a box per face, coloured by its verdict and captioned with its number and verdict ("2 likely
 * fake 93%"); the most fake face's box is drawn thicker, since it decides the picture's verdict.
 */
export function drawFaces(canvas: HTMLCanvasElement, picture: CanvasImageSource & { width: number; height: number }, faces: readonly DrawnFace[], mostFake: number | undefined): void {
  const size = canvasSize(picture.width, picture.height);
  if (canvas.width !== size.width || canvas.height !== size.height) Object.assign(canvas, size);
  const context = canvas.getContext('2d')!;
  context.drawImage(picture, 0, 0, canvas.width, canvas.height);
  const scaleX = canvas.width / picture.width;
  const scaleY = canvas.height / picture.height;
  const line = Math.max(2, Math.round(Math.max(canvas.width, canvas.height) / 320));
  context.font = `600 ${Math.max(12, 6 * line)}px system-ui, sans-serif`;
  context.textBaseline = 'bottom';
  faces.forEach((face, i) => {
    const { text, kind } = verdict(face.prob);
    const box = scaleRect(face.box, scaleX, scaleY);
    context.strokeStyle = COLOURS[kind];
    context.lineWidth = i === mostFake ? 2 * line : line;
    context.strokeRect(box.x, box.y, box.width, box.height);
    const caption = `${i + 1} ${text}`;
    const textWidth = context.measureText(caption).width + 2 * line;
    const textHeight = 7 * line + 2;
    // Above the box, or inside its top edge when the box touches the top of the picture.
    const top = box.y - textHeight >= 0 ? box.y - textHeight : box.y;
    context.fillStyle = COLOURS[kind];
    context.fillRect(box.x - context.lineWidth / 2, top, textWidth, textHeight);
    context.fillStyle = '#fff';
    context.fillText(caption, box.x + line - context.lineWidth / 2, top + textHeight - line);
  });
}
