import {
  absentValue,
  admits,
  isIntegerSchema,
  isStringSchema,
  operationName,
  sampleValue,
  typesOf,
  type JsonSchema,
  type Operation,
  type Parameter,
  type SampleHints,
} from './openapi-operations.ts';

/**
 * Hostile requests generated from the OpenAPI document, operation by operation: path parameters, query strings
 * and bodies bent one thing at a time, everything else as a well-behaved client sends it. Each says what is
 * hostile about it, so a failure names the operation and the input.
 */
export interface HostileRequest {
  operation: Operation;
  input: string;
  method: string;
  /** path and query, percent-encoded as they go on the wire */
  target: string;
  /** content type and encoding, where a body goes with it */
  headers: Record<string, string>;
  body: string | undefined;
  /**
   * refused: malformed or naming nothing, so 4xx with an error body; tolerated: well-formed extremes (the year
   * 9999, the largest page) that may be answered, never with a 5xx
   */
  expect: 'refused' | 'tolerated';
}

export interface RequestContext {
  hints: SampleHints;
  /** body fields that name a stored thing (an organisation, a member): sent naming nothing, they must be refused */
  references: readonly string[];
  /** query parameters that take any text to look for (a search): quotes and emoji are then looked for, not refused */
  searches: readonly string[];
  /** the value of a path parameter that names a thing the fixtures made */
  pathValue(operation: Operation, name: string): string;
}

interface Bend {
  label: string;
  /** as it goes on the wire */
  raw: string;
}

const text = (label: string, value: string): Bend => ({ label, raw: encodeURIComponent(value) });
const wire = (label: string, raw: string): Bend => ({ label, raw });

/** For every path parameter, whatever its type: each must be refused, or not found. */
const HOSTILE_PATH_VALUES: Bend[] = [
  text('a space', ' '),
  text('a NUL byte', '\u0000'),
  wire('a dot', '.'),
  text('10 000 characters', 'x'.repeat(10_000)),
  text('an emoji', '😀'),
  text('Chinese text', '张伟'),
  wire('..%2F..%2Fetc%2Fpasswd', '..%2F..%2Fetc%2Fpasswd'),
  text(`' OR 1=1 --`, `' OR 1=1 --`),
  text('a number', '12345'),
  text('a word', 'abc'),
  text('-1', '-1'),
  text('1e309', '1e309'),
  text('NaN', 'NaN'),
  text('1.5', '1.5'),
  text('20 digits', '99999999999999999999'),
  wire('a lone %', '%'),
  wire('broken UTF-8 %E0%A4%A', '%E0%A4%A'),
  text('__proto__', '__proto__'),
  text('constructor', 'constructor'),
];

/** Refused wherever a value has a shape; what a search looks for where it takes any text. */
const ANY_TEXT: Bend[] = [text(`' OR 1=1 --`, `' OR 1=1 --`), text('an emoji', '😀')];

function hostileQueryValues(schema: JsonSchema, search: boolean): Bend[] {
  const bends: Bend[] = [text('10 000 characters', 'x'.repeat(10_000)), ...(search ? [] : ANY_TEXT)];
  if (isIntegerSchema(schema) || schema.pattern?.includes('[0-9]')) {
    bends.push(text('a word', 'abc'), text('-1', '-1'), text('1e309', '1e309'), text('NaN', 'NaN'), text('Infinity', 'Infinity'), text('1.5', '1.5'), text('20 digits', '99999999999999999999'));
    bends.push(text('empty', ''), text('a space', ' '));
    // Numbers Number() reads but nobody writes in a query: hexadecimal, an exponent, a padded one.
    bends.push(text('hexadecimal 0x10', '0x10'), text('an exponent 1e2', '1e2'), text('padded " 5"', ' 5'));
    if (schema.maximum !== undefined) bends.push(text('above the maximum', String(schema.maximum + 1)));
  }
  if (schema.enum) bends.push(text('a value not listed', 'bogus'), text('empty', ''), text('upper case', String(schema.enum[0]).toUpperCase() + 'X'));
  if (schema.format === 'date') bends.push(text('30 February', '2024-02-30'), text('month 13', '2024-13-01'), text('a word', 'yesterday'), text('no dashes', '20240101'), text('empty', ''));
  if (schema.format === 'date-time') bends.push(text('a word', 'not-a-time'), text('a date without time', '2024-01-01'), text('empty', ''));
  if (schema.format === 'uuid') bends.push(text('not a uuid', 'abc'), text('empty', ''));
  if (schema.maxLength !== undefined) bends.push(text(`${schema.maxLength + 1} characters`, 'x'.repeat(schema.maxLength + 1)));
  if (schema.pattern !== undefined && !isIntegerSchema(schema)) bends.push(text('empty', ''), text('a slash', 'A/B'));
  // Some bends fit several kinds of parameter ('empty'): each is sent once.
  return bends.filter((bend, index) => bends.findIndex((other) => other.label === bend.label) === index);
}

/**
 * Well-formed extremes of a query parameter: the first and last days, the largest page, a filter naming
 * nothing. Answered or refused, never a failure.
 */
function extremeQueryValues(schema: JsonSchema, search: boolean): Bend[] {
  const bends: Bend[] = [];
  if (schema.format === 'date') bends.push(text('the year 1', '0001-01-01'), text('the year 9999', '9999-12-31'));
  if (isIntegerSchema(schema) && schema.maximum !== undefined) bends.push(text('the maximum', String(schema.maximum)));
  if (schema.pattern?.includes('[0-9]{0,15}')) bends.push(text('the largest safe integer', String(Number.MAX_SAFE_INTEGER)));
  if (schema.pattern !== undefined && isStringSchema(schema)) bends.push(text('a value naming nothing', absentValue(schema)));
  // What a search holds is only looked for, so SQL, LIKE and escape characters find nothing and break nothing.
  if (search) bends.push(...ANY_TEXT, text('LIKE wildcards', '%_'), text('a backslash', '\\'), text('a NUL byte', '\u0000'));
  return bends;
}

const query = (pairs: [string, string][]): string => (pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`);

function targetOf(operation: Operation, context: RequestContext, bent?: { name: string; raw: string }): string {
  return operation.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => (bent?.name === name ? bent.raw : encodeURIComponent(context.pathValue(operation, name))));
}

const sampleQueryValue = (parameter: Parameter, context: RequestContext): string => encodeURIComponent(String(sampleValue(parameter.schema, parameter.name, context.hints)));

/** The query a well-behaved client sends: the required parameters, with sample values. */
const baseQuery = (operation: Operation, context: RequestContext): [string, string][] =>
  operation.queryParams.filter((parameter) => parameter.required).map((parameter) => [parameter.name, sampleQueryValue(parameter, context)]);

type Bent = Omit<HostileRequest, 'operation' | 'method'>;

/**
 * The body a well-behaved client sends, so that a bent path or query is what the server answers to (a missing
 * body would be refused first, and the path never looked at).
 */
function wellFormedBody(operation: Operation, context: RequestContext): Pick<Bent, 'headers' | 'body'> {
  if (!operation.body) return { headers: {}, body: undefined };
  const headers = { 'content-type': operation.body.media };
  if (operation.body.media === 'text/csv') return { headers, body: 'member_number,name,id_number,org\n' };
  const schema = operation.body.schema;
  return { headers, body: JSON.stringify(sampleValue(schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema, 'body', context.hints)) };
}

function pathRequests(operation: Operation, context: RequestContext): Bent[] {
  const requests: Bent[] = [];
  const tail = query(baseQuery(operation, context));
  const body = wellFormedBody(operation, context);
  for (const parameter of operation.pathParams) {
    for (const bend of [...HOSTILE_PATH_VALUES, text('an id that does not exist', absentValue(parameter.schema))]) {
      requests.push({ input: `path ${parameter.name}: ${bend.label}`, target: targetOf(operation, context, { name: parameter.name, raw: bend.raw }) + tail, ...body, expect: 'refused' });
    }
  }
  return requests;
}

function queryRequests(operation: Operation, context: RequestContext): Bent[] {
  const requests: Bent[] = [];
  const body = wellFormedBody(operation, context);
  const path = targetOf(operation, context);
  const base = baseQuery(operation, context);
  const bentQuery = (name: string, values: string[]): string => query([...base.filter(([other]) => other !== name), ...values.map((value): [string, string] => [name, value])]);
  for (const parameter of operation.queryParams) {
    const search = context.searches.includes(parameter.name) && isStringSchema(parameter.schema);
    for (const bend of hostileQueryValues(parameter.schema, search)) {
      requests.push({ input: `query ${parameter.name}: ${bend.label}`, target: path + bentQuery(parameter.name, [bend.raw]), ...body, expect: 'refused' });
    }
    const sample = sampleQueryValue(parameter, context);
    requests.push({ input: `query ${parameter.name} repeated`, target: path + bentQuery(parameter.name, [sample, sample]), ...body, expect: 'refused' });
    if (operation.method === 'get') {
      for (const bend of extremeQueryValues(parameter.schema, search)) {
        requests.push({ input: `query ${parameter.name}: ${bend.label}`, target: path + bentQuery(parameter.name, [bend.raw]), ...body, expect: 'tolerated' });
      }
    }
  }
  const unknown: [string, string][] = [
    ['surprise', '1'],
    ['__proto__', 'x'],
    ['constructor', 'x'],
    [encodeURIComponent('org[]'), 'A1'],
  ];
  for (const [name, value] of unknown) {
    requests.push({ input: `unknown query parameter ${decodeURIComponent(name)}`, target: path + query([...base, [name, value]]), ...body, expect: 'refused' });
  }
  return requests;
}

/** JSON text of `value` with the member `field` replaced by raw JSON text (numbers JSON cannot say, deep nesting). */
function withRawField(value: Record<string, unknown>, field: string, raw: string): string {
  const mark = '\u0000raw\u0000';
  return JSON.stringify({ ...value, [field]: mark }).replace(JSON.stringify(mark), raw);
}

/** JSON text of `value` with a first member whose key JSON.parse keeps as an own property (`__proto__`). */
function withLeadingKey(value: Record<string, unknown>, key: string, raw: string): string {
  const rest = JSON.stringify(value).slice(1, -1);
  return `{${JSON.stringify(key)}:${raw}${rest === '' ? '' : `,${rest}`}}`;
}

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

function wrongTypeRaw(schema: JsonSchema): string {
  const types = typesOf(schema);
  if (schema.enum || types.includes('string')) return '12345';
  if (types.includes('integer') || types.includes('number')) return '"abc"';
  if (types.includes('boolean')) return '"yes"';
  if (types.includes('array')) return '"x"';
  return '[]';
}

function outOfRangeRaws(schema: JsonSchema): [string, string][] {
  const raws: [string, string][] = [['1.5', '1.5'], ['1e309', '1e309'], ['-1e309', '-1e309'], ['2^53 + 1', '9007199254740993']];
  if (schema.minimum !== undefined) raws.push(['below the minimum', String(schema.minimum - 1)]);
  if (schema.maximum !== undefined) raws.push(['above the maximum', String(schema.maximum + 1)]);
  return raws;
}

interface BodyInput {
  input: string;
  headers: Record<string, string>;
  body: string;
}

const jsonBody = (input: string, body: string, headers: Record<string, string> = {}): BodyInput => ({ input: `body ${input}`, headers: { 'content-type': 'application/json', ...headers }, body });
const typedBody = (input: string, contentType: string | undefined, body: string): BodyInput => ({ input, headers: contentType === undefined ? {} : { 'content-type': contentType }, body });

function jsonBodyRequests(schema: JsonSchema, context: RequestContext): BodyInput[] {
  const shape = schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema;
  const sample = sampleValue(shape, 'body', context.hints) as Record<string, unknown>;
  const sampleText = JSON.stringify(sample);
  const required = shape.required ?? [];
  const requests = [
    jsonBody('null', 'null'),
    jsonBody('[]', '[]'),
    jsonBody('"text"', '"text"'),
    jsonBody('12345', '12345'),
    jsonBody('true', 'true'),
    jsonBody('cut short', sampleText.slice(0, -3)),
    jsonBody('of arrays nested 1000 deep', '['.repeat(1000) + ']'.repeat(1000)),
    jsonBody('with __proto__', withLeadingKey(sample, '__proto__', '{"role":"admin","admin":true}')),
    jsonBody('with constructor', withLeadingKey(sample, 'constructor', '{"prototype":{"admin":true}}')),
    jsonBody('with an unknown field', JSON.stringify({ ...sample, surprise: true })),
    jsonBody('said to be gzip but plain', sampleText, { 'content-encoding': 'gzip' }),
    jsonBody('in an unknown encoding', sampleText, { 'content-encoding': 'compress' }),
    jsonBody('in latin1', sampleText, { 'content-type': 'application/json; charset=latin1' }),
    typedBody('body as text/plain', 'text/plain', sampleText),
    typedBody('body as a form', 'application/x-www-form-urlencoded', 'a=1&b=2'),
    typedBody('body as multipart', 'multipart/form-data; boundary=x', '--x--\r\n'),
    typedBody('body without a content type', undefined, sampleText),
  ];
  // An empty object is a valid body where every field is optional; there it is no hostile input.
  if (required.length > 0) requests.push(jsonBody('{}', '{}'), jsonBody('empty', ''));
  for (const field of required) {
    const { [field]: _left, ...rest } = sample;
    requests.push(jsonBody(`without ${field}`, JSON.stringify(rest)));
  }
  for (const [field, fieldSchema] of Object.entries(shape.properties ?? {})) {
    requests.push(jsonBody(`${field} of the wrong type`, withRawField(sample, field, wrongTypeRaw(fieldSchema))));
    requests.push(jsonBody(`${field} nested 1000 deep`, withRawField(sample, field, nested(1000))));
    requests.push(jsonBody(`${field} with __proto__ inside`, withRawField(sample, field, '{"__proto__":{"admin":true}}')));
    if (isStringSchema(fieldSchema) || fieldSchema.enum) {
      requests.push(jsonBody(`${field} of 100 000 characters`, JSON.stringify({ ...sample, [field]: 'x'.repeat(100_000) })));
      // A field that takes any text may take '' (a display name cleared): only where the schema refuses it is it hostile.
      if (!admits(fieldSchema, '')) requests.push(jsonBody(`${field} empty`, JSON.stringify({ ...sample, [field]: '' })));
    }
    if (context.references.includes(field) && isStringSchema(fieldSchema) && !fieldSchema.enum) {
      requests.push(jsonBody(`${field} naming nothing`, JSON.stringify({ ...sample, [field]: absentValue(fieldSchema) })));
    }
    if (fieldSchema.items && isStringSchema(fieldSchema.items)) {
      requests.push(jsonBody(`${field} with an item of 100 000 characters`, JSON.stringify({ ...sample, [field]: ['x'.repeat(100_000)] })));
    }
    if (isIntegerSchema(fieldSchema)) {
      requests.push(jsonBody(`${field} as a string`, JSON.stringify({ ...sample, [field]: String(sample[field]) })));
      for (const [label, raw] of outOfRangeRaws(fieldSchema)) requests.push(jsonBody(`${field} ${label}`, withRawField(sample, field, raw)));
    }
  }
  return requests;
}

function csvBodyRequests(): BodyInput[] {
  const csv = (input: string, body: string) => typedBody(`CSV ${input}`, 'text/csv', body);
  // Rows are reported one by one in the import's answer; these are files refused as a whole.
  return [
    csv('empty', ''),
    csv('null', 'null'),
    csv('of unknown columns', 'surprise,columns\n1,2\n'),
    csv('with an unclosed quote', 'member_number,name,id_number,org\n"A1,x,y,z\n'),
    csv('of control bytes', '\u0000\u0001\u0002\n'),
    typedBody('CSV as application/json', 'application/json', '{"member_number":"A1"}'),
    typedBody('CSV as text/plain', 'text/plain', 'member_number,name,id_number,org\n'),
  ];
}

function bodyRequests(operation: Operation, context: RequestContext): Bent[] {
  const target = targetOf(operation, context) + query(baseQuery(operation, context));
  // What takes no body refuses one, rather than acting as if the fields sent were not there.
  const bodies = !operation.body
    ? [typedBody('a JSON body where none is taken', 'application/json', '{"surprise":true}'), typedBody('a text body where none is taken', 'text/plain', 'surprise')]
    : operation.body.media === 'text/csv'
      ? csvBodyRequests()
      : jsonBodyRequests(operation.body.schema, context);
  return bodies.map((body) => ({ ...body, target, expect: 'refused' as const }));
}

/** Every hostile request for one operation. */
export function hostileRequests(operation: Operation, context: RequestContext): HostileRequest[] {
  return [...pathRequests(operation, context), ...queryRequests(operation, context), ...bodyRequests(operation, context)].map((request) => ({
    ...request,
    operation,
    method: operation.method.toUpperCase(),
  }));
}

export const describeRequest = (request: HostileRequest): string => `${operationName(request.operation)} with ${request.input}`;
