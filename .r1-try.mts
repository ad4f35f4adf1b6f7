import { probeModel } from './src/runtime-node/probe-model.ts';
import { createNodeSession } from './src/runtime-node/node-session.ts';
for (const ep of ['webgpu', 'cpu'] as const) {
  try {
    const s = await createNodeSession(probeModel(), ep);
    const r = await s.run({ x: { data: Float32Array.from([1, 2, 3, 4]), dims: [1, 4] } });
    console.log(ep, r.y!.data);
    await s.release();
  } catch (e) { console.log(ep, 'failed:', (e as Error).message); }
}
