/**
 * matplotlib's "inferno" at five stops, interpolated to 256 entries: dark to bright in perceived lightness,
 * so attention reads as brightness and stays legible to colour-blind readers. The same scale `ftd infer`
 * draws its heat-maps with, so the two kinds of picture read alike.
 */
const stops: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** RGB of level 0..255, three bytes per level. */
export const attentionColours: Uint8Array = (() => {
  const table = new Uint8Array(256 * 3);
  for (let level = 0; level < 256; level++) {
    const t = (level / 255) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(t));
    for (let c = 0; c < 3; c++) table[level * 3 + c] = Math.round(stops[i]![c]! + (t - i) * (stops[i + 1]![c]! - stops[i]![c]!));
  }
  return table;
})();
