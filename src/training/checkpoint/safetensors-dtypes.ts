/**
 * safetensors dtypes other than float32, for weight files from other tools: their widths (to check a
 * header's data offsets) and the conversion of the float ones to float32 (tfjs trains in float32).
 */

/** Bytes per element of each dtype the format defines. */
export const dtypeBytes: Readonly<Record<string, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, F8_E4M3: 1, F8_E5M2: 1,
  I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1,
};

/** Float dtypes converted to float32 on reading; the 8-bit floats are left out (no pretrained network ships them). */
export const convertibleDtypes = ['F64', 'F32', 'F16', 'BF16'] as const;
export type ConvertibleDtype = (typeof convertibleDtypes)[number];

export function isConvertible(dtype: string): dtype is ConvertibleDtype {
  return (convertibleDtypes as readonly string[]).includes(dtype);
}

/** `count` little-endian values of `dtype` at `position` of `view`, as float32. */
export function readAsFloat32(view: DataView, position: number, count: number, dtype: ConvertibleDtype): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    if (dtype === 'F32') out[i] = view.getFloat32(position + 4 * i, true);
    else if (dtype === 'F64') out[i] = view.getFloat64(position + 8 * i, true);
    else if (dtype === 'BF16') out[i] = bfloat16(view.getUint16(position + 2 * i, true));
    else out[i] = float16(view.getUint16(position + 2 * i, true));
  }
  return out;
}

const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is the top half of a float32. */
function bfloat16(bits: number): number {
  scratch.setUint32(0, bits << 16);
  return scratch.getFloat32(0);
}

/** IEEE half precision: 1 sign, 5 exponent (bias 15), 10 fraction bits; subnormals, infinities and NaN kept. */
function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
