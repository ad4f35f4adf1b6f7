/** A CSV label cell: 0/1 or real/fake (any case); `undefined` when it is none of these. */
export function parseLabelCell(cell: string): 0 | 1 | undefined {
  const text = cell.trim().toLowerCase();
  if (text === '0' || text === 'real') return 0;
  if (text === '1' || text === 'fake') return 1;
  return undefined;
}

/**
 * DeepfakeBench names labels per dataset ('FF-real', 'FF-DF', 'Celeb-real', 'Celeb-synthesis', 'DFDCP_Real');
 * its configs map every name containing "real" to 0 and every other name to 1, and so do we.
 */
export function labelFromName(name: string): 0 | 1 {
  return /real/i.test(name) ? 0 : 1;
}

/** The `type` a sample gets: 'real' for every real sample, so grouped metrics can share reals across types. */
export function sampleType(label: 0 | 1, fakeType: string): string {
  return label === 0 ? 'real' : fakeType;
}
