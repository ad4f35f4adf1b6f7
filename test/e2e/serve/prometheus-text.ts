/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), enough to check that /metrics is
 * what a Prometheus server would accept: every line a comment, a HELP or TYPE line, or a sample with a valid
 * metric name, well-formed labels and a float value; every sample belonging to a declared family.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line.slice(0, 80))})`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const match = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`).exec(line);
      if (!match) {
        if (/^# (HELP|TYPE)/.test(line)) throw new SyntaxError(`${where}: malformed ${line.slice(2, 6)} line`);
        return;
      }
      if (match[1] === 'TYPE') {
        if (!TYPES.has(match[3] ?? '')) throw new SyntaxError(`${where}: unknown metric type ${match[3]}`);
        if (types.has(match[2]!)) throw new SyntaxError(`${where}: second TYPE for ${match[2]}`);
        types.set(match[2]!, match[3]!);
      }
      return;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new SyntaxError(`${where}: not a sample line`);
    const value = parseValue(match[3]!, where);
    const name = match[1]!;
    const family = [name, name.replace(/_(bucket|sum|count|total|created)$/, '')].find((candidate) => types.has(candidate));
    if (!family) throw new SyntaxError(`${where}: sample ${name} has no TYPE line before it`);
    samples.push({ name, labels: parseLabels(match[2] ?? '', where), value });
  });
  return { types, samples };
}

/** As Prometheus reads values (Go's ParseFloat): NaN and Inf in any letter case; prom-client writes "Nan". */
function parseValue(text: string, where: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(value)) throw new SyntaxError(`${where}: value ${text} is not a float`);
  return value;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = new RegExp(`(${LABEL})="((?:[^"\\\\\\n]|\\\\["\\\\n])*)"(,|$)`, 'y');
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new SyntaxError(`${where}: malformed labels at ${JSON.stringify(text.slice(at, at + 30))}`);
    if (match[1]! in labels) throw new SyntaxError(`${where}: label ${match[1]} repeated`);
    labels[match[1]!] = match[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    at = pattern.lastIndex;
  }
  return labels;
}

/** The value of the one sample with this name and these labels (among others), or undefined. */
export function sampleValue(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const found = exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new RangeError(`${found.length} samples of ${name} match ${JSON.stringify(labels)}; name more labels`);
  return found[0]?.value;
}
