import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { jsonText, JsonFields } from '../../util/json-fields.ts';
import { checkNoOverlap, expandAxes, readConfigurations, type Configuration } from './configurations.ts';
import type { Grid } from './grid.ts';
import { isName, nameRule, readNameList } from './name-list.ts';
import { readFlags } from './train-flags.ts';

const topLevelFields = ['description', 'data', 'train', 'axes', 'configurations', 'train-types', 'seeds', 'baseline'];

/** Reads and checks a grid file; every error names the file and the field, what was expected and what was found. */
export async function readGridFile(path: string): Promise<Grid> {
  const file = resolve(path);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new RangeError(`grid file ${file} does not exist`);
    if (error.code === 'EISDIR') throw new TypeError(`grid file ${file} is a folder; expected a JSON file`);
    throw error;
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${file}: expected JSON; ${(error as Error).message}`);
  }
  return { ...parseGrid(value, file), file, text };
}

/** The checks of `readGridFile` on parsed JSON; `source` names the file in messages. */
export function parseGrid(value: unknown, source: string): Omit<Grid, 'file' | 'text'> {
  const fields = new JsonFields(value, source, '', 'the grid file');
  fields.onlyKeys(topLevelFields);
  if (fields.has('description')) fields.string('description');
  const data = fields.string('data');
  const train = fields.has('train') ? readFlags(fields.object('train')) : {};
  if (!fields.has('axes') && !fields.has('configurations')) {
    throw new TypeError(`${source}: the grid file must have axes (train flags with lists of values, crossed) or configurations (a named list), or both; found neither`);
  }
  const configurations: Configuration[] = [
    ...(fields.has('axes') ? expandAxes(fields.record.axes, source) : []),
    ...(fields.has('configurations') ? readConfigurations(fields.record.configurations, source) : []),
  ];
  checkNames(configurations, source);
  checkNoOverlap(train, configurations, source);
  const baseline = fields.has('baseline') ? fields.string('baseline') : null;
  if (baseline !== null && !configurations.some(({ name }) => name === baseline)) {
    throw new RangeError(`${source}: baseline must name a configuration (${configurations.map(({ name }) => name).join(', ')}), got ${jsonText(baseline)}`);
  }
  return { data, train, configurations, trainTypes: readTrainTypes(fields, source), seeds: readSeeds(fields, source), baseline };
}

function checkNames(configurations: readonly Configuration[], source: string): void {
  const seen = new Set<string>();
  for (const { name } of configurations) {
    if (!isName(name)) throw new RangeError(`${source}: the axes make a configuration named ${jsonText(name)}; names must be ${nameRule}: list it under configurations with a shorter name`);
    if (seen.has(name)) throw new RangeError(`${source}: two configurations are named ${name}; names must differ, since each names a folder and a row`);
    seen.add(name);
  }
}

function readSeeds(fields: JsonFields, source: string): number[] {
  const seeds = fields.array('seeds');
  if (seeds.length === 0) throw new RangeError(`${source}: seeds must list at least one seed, got []`);
  seeds.forEach((seed, i) => {
    if (!Number.isSafeInteger(seed)) throw new TypeError(`${source}: seeds[${i}] must be an integer, got ${jsonText(seed)}`);
    if (seeds.indexOf(seed) !== i) throw new RangeError(`${source}: seeds lists ${seed} twice`);
  });
  return seeds as number[];
}

/** Absent: one entry, every fake type. */
function readTrainTypes(fields: JsonFields, source: string): Array<string[] | null> {
  if (!fields.has('train-types')) return [null];
  const lists = fields.array('train-types');
  if (lists.length === 0) throw new RangeError(`${source}: train-types must list at least one list of fake types, got []`);
  const read = lists.map((list, i) => readNameList(list, source, `train-types[${i}]`));
  const keys = read.map((list) => list.join(','));
  const repeated = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (repeated >= 0) throw new RangeError(`${source}: train-types lists ${jsonText(read[repeated])} twice`);
  return read;
}
