/**
 * `npm run demo`: the whole pipeline on the built-in synthetic benchmark, as a user runs it, one `ftd`
 * command per stage: synth -> train -> eval -> export -> parity -> serve -> a real and a fake face scored.
 * Each stage prints its command line, where its outputs are, and its wall time; a table of times comes
 * last. Sized to finish in a few minutes on two cores with no GPU, training on tfjs's wasm back end (what
 * `--backend auto` picks there): 2.2-2.5 min with 200 steps on a 2-core AMD EPYC; 100 steps reach a validation
 * AUC of about 0.98, 200 about 0.9998.
 *
 * Environment: FTD_DEMO_DIR (default: demo), FTD_DEMO_STEPS (training steps, default 200).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const ftd = join(root, 'bin', 'ftd.mjs');
const out = resolve(process.env.FTD_DEMO_DIR ?? 'demo');
const steps = Number(process.env.FTD_DEMO_STEPS ?? 200);
const paths = { data: join(out, 'data'), run: join(out, 'runs', 'small'), model: join(out, 'models', 'small') };
const timings: Array<{ stage: string; seconds: number; outputs: string }> = [];

async function stage(name: string, outputs: string, args: string[]): Promise<void> {
  process.stdout.write(`\n== ${name}: ftd ${args.join(' ')}\n`);
  const started = performance.now();
  const code = await new Promise<number | null>((done) => {
    spawn(process.execPath, [ftd, ...args], { stdio: 'inherit', cwd: root }).on('exit', done);
  });
  if (code !== 0) throw new Error(`stage "${name}" failed (exit code ${code}); its output is above`);
  const seconds = (performance.now() - started) / 1000;
  timings.push({ stage: name, seconds, outputs });
  process.stdout.write(`-- ${name}: ${seconds.toFixed(1)} s; outputs: ${outputs}\n`);
}

/** A real and a swapped face from the test split (people the model never saw), as the manifest lists them. */
async function testFaces(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(paths.data, 'manifest.json'), 'utf8')) as { items: Array<{ path: string; type: string; split: string }> };
  return ['real', 'swap'].map((type) => join(paths.data, manifest.items.find((item) => item.split === 'test' && item.type === type)!.path));
}

/** Starts `ftd serve`, waits for /healthz (its parity self-check), scores a real and a fake face, drains it. */
async function serveOneRequest(): Promise<void> {
  const args = ['serve', paths.model, '--port', '0', '--ep', 'cpu'];
  process.stdout.write(`\n== serve: ftd ${args.join(' ')}\n`);
  const started = performance.now();
  const server = spawn(process.execPath, [ftd, ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  const exited = new Promise<number | null>((done) => server.on('exit', done));
  const address = await new Promise<string>((done, fail) => {
    let text = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      text += chunk;
      const match = /listening on (\S+)/.exec(text);
      if (match) done(match[1]!);
    });
    server.on('exit', (code) => fail(new Error(`ftd serve exited (code ${code}) before listening`)));
  });
  try {
    for (let tries = 0; (await fetch(`${address}/healthz`)).status !== 200; tries++) {
      if (tries > 600) throw new Error(`${address}/healthz did not become ready in 60 s`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
    for (const face of await testFaces()) {
      process.stdout.write(`$ curl -s --data-binary @${face} -H 'content-type: image/jpeg' ${address}/v1/detect\n`);
      const reply = await fetch(`${address}/v1/detect`, { method: 'POST', body: await readFile(face), headers: { 'content-type': 'image/jpeg' } });
      process.stdout.write(`${reply.status} ${await reply.text()}\n`);
      if (reply.status !== 200) throw new Error(`POST /v1/detect answered ${reply.status}`);
    }
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
  const seconds = (performance.now() - started) / 1000;
  timings.push({ stage: 'serve + two requests', seconds, outputs: `${address} (stopped with SIGTERM)` });
}

const started = performance.now();
await stage('synth', `${paths.data} (images, manifest.json, deepfakebench.json, preview.png)`, [
  'synth', '--out', paths.data, '--identities', '40', '--compression', 'c23', '--preview', '--force',
]);
await stage('train', `${paths.run} (checkpoint.safetensors, run.json)`, [
  'train', '--data', paths.data, '--preset', 'small', '--train-types', 'swap', '--out', paths.run, '--force',
  '--epochs', '4', '--steps-per-epoch', String(Math.ceil(steps / 4)), '--progress', 'lines',
]);
await stage('eval', `${join(paths.run, 'eval')} (metrics.json, metrics.md, roc.png, attention.png, scores.csv)`, [
  'eval', paths.run, '--data', paths.data,
]);
await stage('export', `${paths.model} (teacher.onnx, student.onnx, detector.onnx, face.onnx, model.json, test_data_sets)`, [
  'export', paths.run, '--out', paths.model, '--fused', '--force',
]);
await stage('parity', `${join(out, 'parity.json')}`, ['parity', paths.model, '--json', join(out, 'parity.json')]);
await serveOneRequest();

process.stdout.write(`\n| stage | seconds | outputs |\n| --- | ---: | --- |\n`);
for (const { stage: name, seconds, outputs } of timings) process.stdout.write(`| ${name} | ${seconds.toFixed(1)} | ${outputs} |\n`);
process.stdout.write(`| total | ${((performance.now() - started) / 1000).toFixed(1)} | |\n`);
