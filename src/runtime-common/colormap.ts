/**
 * A perceptually ordered dark-to-bright colour scale (stops sampled from matplotlib's "inferno"), so attention
 * reads as brightness and stays legible to colour-blind readers.
 */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** The colour of `value` in [0, 1] (clamped), as 8-bit RGB. */
export function inferno(value: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, Number.isNaN(value) ? 0 : value)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

/** `inferno` as a 256-entry lookup table (RGB, three bytes per level), for painting many pixels. */
export const infernoTable: Uint8Array = (() => {
  const table = new Uint8Array(256 * 3);
  for (let level = 0; level < 256; level++) table.set(inferno(level / 255), level * 3);
  return table;
})();
