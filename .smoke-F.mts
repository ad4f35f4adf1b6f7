import { Writable } from 'node:stream';
import { train } from './src/training/loop/train.ts';
const stream = new Writable({ write(c, _e, done) { process.stderr.write(c); done(); } });
const r = await train({ data: 'fixtures/synth-tiny', out: '/tmp/ftdF/run-synth', force: true, preset: 'tiny', backend: (process.argv[2] ?? 'cpu') as any, epochs: 3, stepsPerEpoch: 10, progress: 'lines', stream });
console.log(r.metrics.map((m) => [m.loss.total.toFixed(3), m.loss.student.toFixed(3), m.loss.teacherCnn.toFixed(3), m.validation?.frameAuc, m.imagesPerSecond.toFixed(2)]));
