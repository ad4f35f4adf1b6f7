import sharp from 'sharp';

/** Tableau 10: distinguishable and print-safe. Shared by every chart ftd draws, so a colour means one thing per page. */
export const chartPalette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

/** The `<svg>` element's opening tag every chart uses: size, font, and a white page. */
export function svgOpen(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="13">` +
    '<rect width="100%" height="100%" fill="#ffffff"/>';
}

/** Renders an SVG document to a PNG with sharp (librsvg). */
export function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
