import { describe, expect, it } from 'vitest';
import { describeJson, isRecord, JsonFields, jsonText } from '../../../src/util/json-fields.ts';

describe('describeJson', () => {
  it('names the kind, and the value when it is short', () => {
    expect(describeJson(undefined)).toBe('nothing');
    expect(describeJson(null)).toBe('null');
    expect(describeJson('fake')).toBe('string "fake"');
    expect(describeJson(3)).toBe('number 3');
    expect(describeJson([1, 2])).toBe('an array of 2');
    expect(describeJson({ a: 1 })).toBe('an object');
    expect(describeJson(new Float64Array(2))).toBe('Float64Array');
    expect(describeJson('x'.repeat(50))).toBe(`string "${'x'.repeat(39)}...`);
  });
});

describe('jsonText', () => {
  it('writes the value as JSON, says when it is missing, and cuts long values', () => {
    expect(jsonText('0.25')).toBe('"0.25"');
    expect(jsonText([])).toBe('[]');
    expect(jsonText(null)).toBe('null');
    expect(jsonText(undefined)).toBe('nothing (the field is missing)');
    expect(jsonText(Number.NaN)).toBe('NaN');
    expect(jsonText('y'.repeat(80))).toBe(`"${'y'.repeat(56)}...`);
  });
});

describe('isRecord', () => {
  it('accepts objects only, not arrays or null', () => {
    expect([{}, [], null, 'a', 1].map(isRecord)).toEqual([true, false, false, false, false]);
  });
});

describe('JsonFields', () => {
  const fields = new JsonFields(
    { name: 'm', size: 8, ratio: 0.5, flag: true, list: [], nested: { fit: 'cover' }, format: 'ftd-model' },
    'model.json',
    '',
  );

  it('returns fields of the asked type', () => {
    expect(fields.string('name')).toBe('m');
    expect(fields.positiveInteger('size')).toBe(8);
    expect(fields.number('ratio', { above: 0, below: 1 })).toBe(0.5);
    expect(fields.boolean('flag')).toBe(true);
    expect(fields.array('list')).toEqual([]);
    expect(fields.object('nested').oneOf('fit', ['cover', 'fill'])).toBe('cover');
    expect(fields.literal('format', 'ftd-model')).toBe('ftd-model');
    expect(fields.has('missing')).toBe(false);
  });

  it('names the file, the dotted path, what was expected and what was found', () => {
    expect(() => new JsonFields([], 'run.json', '', 'the configuration')).toThrow(new TypeError('run.json: the configuration must be an object, got []'));
    expect(() => new JsonFields(3, 'model.json', '')).toThrow(new TypeError('model.json: the file must be an object, got 3'));
    expect(() => fields.object('name')).toThrow(new TypeError('model.json: name must be an object, got "m"'));
    expect(() => fields.object('nested').oneOf('fit', ['fill'])).toThrow(new RangeError('model.json: nested.fit must be one of "fill", got "cover"'));
    expect(() => fields.oneOf('size', ['cover'])).toThrow(new TypeError('model.json: size must be one of "cover", got 8'));
    expect(() => fields.string('missing')).toThrow(new TypeError('model.json: missing must be a non-empty string, got nothing (the field is missing)'));
    expect(() => fields.number('name')).toThrow(new TypeError('model.json: name must be a finite number, got "m"'));
    expect(() => fields.number('ratio', { atLeast: 1, atMost: 2 })).toThrow(new RangeError('model.json: ratio must be a number >= 1 and <= 2, got 0.5'));
    expect(() => fields.integer('ratio')).toThrow(new TypeError('model.json: ratio must be an integer, got 0.5'));
    expect(() => fields.integer('size', 9)).toThrow(new RangeError('model.json: size must be an integer >= 9, got 8'));
    expect(() => fields.boolean('size')).toThrow(new TypeError('model.json: size must be true or false, got 8'));
    expect(() => fields.array('nested')).toThrow(new TypeError('model.json: nested must be an array, got {"fit":"cover"}'));
    expect(() => fields.literal('name', 'ftd-model')).toThrow(new RangeError('model.json: name must be "ftd-model", got "m"'));
    expect(() => fields.onlyKeys(['name'])).toThrow(new TypeError('model.json: unknown field size; expected one of name'));
  });
});
