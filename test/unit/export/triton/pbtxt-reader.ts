/**
 * A strict reader of protobuf text format for the part of Triton's ModelConfig (model_config.proto) that ftd
 * writes, so the test reads config.pbtxt the way Triton's parser would and not the way ftd's writer meant it.
 * The schema below lists each message's fields with their kind (taken from model_config.proto); an unknown
 * field, a second value for a singular field, an enum name Triton does not define, or a value of the wrong
 * kind is an error, as it is for protobuf's TextFormat parser.
 */

type FieldKind =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'message'; message: string };

interface FieldSpec {
  readonly type: FieldKind;
  readonly repeated: boolean;
}

const dataTypes = ['TYPE_INVALID', 'TYPE_BOOL', 'TYPE_UINT8', 'TYPE_UINT16', 'TYPE_UINT32', 'TYPE_UINT64', 'TYPE_INT8', 'TYPE_INT16', 'TYPE_INT32', 'TYPE_INT64', 'TYPE_FP16', 'TYPE_FP32', 'TYPE_FP64', 'TYPE_STRING', 'TYPE_BF16'];
const single = (type: FieldKind): FieldSpec => ({ type, repeated: false });
const repeated = (type: FieldKind): FieldSpec => ({ type, repeated: true });

export const modelConfigSchema: Readonly<Record<string, Readonly<Record<string, FieldSpec>>>> = {
  ModelConfig: {
    name: single({ kind: 'string' }),
    platform: single({ kind: 'string' }),
    max_batch_size: single({ kind: 'int' }),
    input: repeated({ kind: 'message', message: 'ModelInput' }),
    output: repeated({ kind: 'message', message: 'ModelOutput' }),
    dynamic_batching: single({ kind: 'message', message: 'ModelDynamicBatching' }),
  },
  ModelInput: {
    name: single({ kind: 'string' }),
    data_type: single({ kind: 'enum', values: dataTypes }),
    dims: repeated({ kind: 'int' }),
    reshape: single({ kind: 'message', message: 'ModelTensorReshape' }),
  },
  ModelOutput: {
    name: single({ kind: 'string' }),
    data_type: single({ kind: 'enum', values: dataTypes }),
    dims: repeated({ kind: 'int' }),
    reshape: single({ kind: 'message', message: 'ModelTensorReshape' }),
  },
  ModelTensorReshape: { shape: repeated({ kind: 'int' }) },
  ModelDynamicBatching: { preferred_batch_size: repeated({ kind: 'int' }), max_queue_delay_microseconds: single({ kind: 'int' }) },
};

export type TextValue = string | number | TextMessage | TextValue[];
export interface TextMessage {
  [field: string]: TextValue;
}

const token = /\s*(?:(#[^\n]*)|("(?:[^"\\\n]|\\.)*")|(-?\d+)|([A-Za-z_][A-Za-z0-9_]*)|([{}[\]:,;<>]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(token.lastIndex))) break;
    const at = token.lastIndex;
    const match = token.exec(text);
    if (!match) throw new SyntaxError(`config.pbtxt: cannot read from offset ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
    if (!match[1]) tokens.push(match[2] ?? match[3] ?? match[4] ?? match[5]!);
  }
  return tokens;
}

/** Parses `text` as message `message` of the schema; repeated fields come back as arrays. */
export function readPbtxt(text: string, message = 'ModelConfig'): TextMessage {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = (what: string) => {
    const value = tokens[at++];
    if (value === undefined) throw new SyntaxError(`config.pbtxt ends where ${what} was expected`);
    return value;
  };
  const expect = (value: string) => {
    const found = next(`"${value}"`);
    if (found !== value) throw new SyntaxError(`config.pbtxt: expected "${value}", found "${found}"`);
  };

  const scalar = (spec: FieldKind, field: string): string | number => {
    const value = next(`a value for ${field}`);
    if (spec.kind === 'string') {
      if (!value.startsWith('"')) throw new TypeError(`${field} must be a string, found ${value}`);
      return JSON.parse(value) as string;
    }
    if (spec.kind === 'int') {
      if (!/^-?\d+$/.test(value)) throw new TypeError(`${field} must be an integer, found ${value}`);
      return Number(value);
    }
    if (spec.kind === 'enum' && !spec.values.includes(value)) throw new TypeError(`${field} must be one of ${spec.values.join(', ')}, found ${value}`);
    return value;
  };

  const messageBody = (name: string, close: string | undefined): TextMessage => {
    const fields = modelConfigSchema[name];
    if (!fields) throw new Error(`the schema has no message ${name}`);
    const result: TextMessage = {};
    while (peek() !== close) {
      const field = next(`a field of ${name}`);
      const spec = fields[field];
      if (!spec) throw new TypeError(`${name} has no field "${field}" (fields: ${Object.keys(fields).join(', ')})`);
      const values: TextValue[] = [];
      const one = () => (spec.type.kind === 'message' ? subMessage(spec.type.message) : scalar(spec.type, `${name}.${field}`));
      if (spec.type.kind !== 'message' || peek() === ':') expect(':');
      if (peek() === '[') {
        if (!spec.repeated) throw new TypeError(`${name}.${field} is not repeated, found a list`);
        next('[');
        while (peek() !== ']') {
          values.push(one());
          if (peek() === ',') next(',');
        }
        next(']');
      } else values.push(one());
      if (spec.repeated) result[field] = [...((result[field] as TextValue[] | undefined) ?? []), ...values];
      else if (field in result) throw new TypeError(`${name}.${field} is given twice`);
      else result[field] = values[0]!;
      if (peek() === ',' || peek() === ';') next('separator');
    }
    if (close !== undefined) next(close);
    return result;
  };

  const subMessage = (name: string): TextMessage => {
    const open = next(`a ${name}`);
    if (open !== '{' && open !== '<') throw new SyntaxError(`${name} must open with { or <, found ${open}`);
    return messageBody(name, open === '{' ? '}' : '>');
  };

  const result = messageBody(message, undefined);
  if (at !== tokens.length) throw new SyntaxError(`config.pbtxt has text after the end: ${tokens.slice(at).join(' ')}`);
  return result;
}
