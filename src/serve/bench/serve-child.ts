import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServeChild {
  readonly address: string;
  /** What /healthz said once the model passed its self-check (its model, EP and self-check). */
  readonly health: { ep: string; model: { name: string; id: string } };
  /** GET a path of the server, as text. */
  get(path: string): Promise<string>;
  /** SIGTERM, then the exit code once it has drained. */
  stop(): Promise<number | null>;
}

const ftd = fileURLToPath(new URL('../../../bin/ftd.mjs', import.meta.url));

/**
 * The real `ftd serve` in a process of its own, so the load generator does not share its event loop: started
 * on 127.0.0.1 with a free port, returned once /healthz says the model passed its self-check.
 */
export async function startServeChild(model: string, flags: readonly string[], startSeconds = 120): Promise<ServeChild> {
  const child = spawn(process.execPath, [ftd, 'serve', model, '--host', '127.0.0.1', '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const fail = (why: string) => {
    child.kill('SIGKILL');
    return new Error(`ftd serve ${why}; its stderr ended:\n${stderr}`);
  };
  const address = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(fail(`exited with code ${code} before listening`)));
  });
  const deadline = performance.now() + startSeconds * 1000;
  let health: ServeChild['health'] | undefined;
  while (!health) {
    const response = await fetch(`${address}/healthz`).catch(() => undefined);
    if (response?.status === 200) health = (await response.json()) as ServeChild['health'];
    else {
      const body = response ? await response.text() : 'no answer';
      if (/"status":"failed"/.test(body) || performance.now() > deadline) throw fail(`did not become healthy: ${body}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    address,
    health,
    get: async (path) => (await fetch(`${address}${path}`)).text(),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
