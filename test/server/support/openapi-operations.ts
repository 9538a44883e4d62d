import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The part of JSON Schema the server's OpenAPI document uses for parameters and request bodies. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

const JsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.object({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    enum: z.array(z.unknown()).optional(),
    pattern: z.string().optional(),
    format: z.string().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    properties: z.record(z.string(), JsonSchemaSchema).optional(),
    required: z.array(z.string()).optional(),
    items: JsonSchemaSchema.optional(),
    oneOf: z.array(JsonSchemaSchema).optional(),
    anyOf: z.array(JsonSchemaSchema).optional(),
  }),
);

const ParameterSchema = z.object({ name: z.string(), in: z.enum(['path', 'query', 'header']), required: z.boolean().optional(), schema: JsonSchemaSchema });
export type Parameter = z.infer<typeof ParameterSchema>;

const OperationSchema = z.object({
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z.array(ParameterSchema).optional(),
  requestBody: z.object({ content: z.record(z.string(), z.object({ schema: JsonSchemaSchema })) }).optional(),
});

const DocumentSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), OperationSchema)) });

/** Who may call an operation, as its `security` says: a signed-in person, a kiosk with its bearer token, anyone. */
export type Caller = 'session' | 'kiosk' | 'public';

export interface Operation {
  method: string;
  /** the OpenAPI path, e.g. /api/v1/members/{number} */
  path: string;
  caller: Caller;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: { media: string; schema: JsonSchema } | undefined;
}

export const operationName = (operation: Operation): string => `${operation.method.toUpperCase()} ${operation.path}`;

/** Every operation of the server's OpenAPI document. */
export function operationsOf(document: unknown): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(DocumentSchema.parse(document).paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      const schemes = spec.security.flatMap((requirement) => Object.keys(requirement));
      const caller: Caller = schemes.includes('kioskToken') ? 'kiosk' : schemes.includes('session') ? 'session' : 'public';
      const content = Object.entries(spec.requestBody?.content ?? {})[0];
      operations.push({
        method,
        path,
        caller,
        pathParams: (spec.parameters ?? []).filter((parameter) => parameter.in === 'path'),
        queryParams: (spec.parameters ?? []).filter((parameter) => parameter.in === 'query'),
        body: content && { media: content[0], schema: content[1].schema },
      });
    }
  }
  return operations;
}

export const typesOf = (schema: JsonSchema): string[] => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]);
export const isIntegerSchema = (schema: JsonSchema): boolean => typesOf(schema).some((type) => type === 'integer' || type === 'number');
export const isStringSchema = (schema: JsonSchema): boolean => typesOf(schema).includes('string');

const FORMATS: Record<string, RegExp> = {
  'date': /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  'uuid': /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

/** Whether a text (as a path or query value, or a JSON string) is one the schema admits on its face. */
export function admits(schema: JsonSchema, text: string): boolean {
  if (schema.enum) return schema.enum.includes(text);
  if (isIntegerSchema(schema) && !isStringSchema(schema)) {
    if (!/^\d+$/.test(text)) return false;
    const value = Number(text);
    return Number.isSafeInteger(value) && value >= (schema.minimum ?? -Infinity) && value > (schema.exclusiveMinimum ?? -Infinity) && value <= (schema.maximum ?? Infinity);
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(text)) return false;
  if (schema.format !== undefined && FORMATS[schema.format] && !FORMATS[schema.format]!.test(text)) return false;
  return text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity);
}

/**
 * Values the fixtures hold, by the name of the field or parameter that takes them; where one name takes values
 * of several shapes (the page marker `after` of the meeting list and of the kiosk list), each, the first the
 * schema admits being used.
 */
export interface SampleHints {
  byName: Record<string, string | readonly string[]>;
  /** the organisation's today (YYYY-MM-DD) and now (RFC 3339), for dates and times */
  today: string;
  now: string;
}

const GENERIC_TEXTS = ['A1', 'sample', '1', '0011223344556677', 'k'.repeat(43), 'P1M'];

const hinted = (hints: SampleHints, name: string): readonly string[] => [hints.byName[name] ?? []].flat();

function sampleText(schema: JsonSchema, name: string, hints: SampleHints): string {
  const byFormat = schema.format === 'date' ? hints.today : schema.format === 'date-time' ? hints.now : schema.format === 'uuid' ? randomUUID() : undefined;
  const candidates = [...hinted(hints, name), byFormat, ...(schema.enum ?? []).map(String), ...GENERIC_TEXTS];
  const found = candidates.find((candidate): candidate is string => candidate !== undefined && admits(schema, candidate));
  if (found === undefined) throw new Error(`no sample value for "${name}" (${JSON.stringify(schema)}): add one to the hints`);
  return found;
}

/** A value of the right shape for `schema`: what the hostile inputs bend one field at a time. */
export function sampleValue(schema: JsonSchema, name: string, hints: SampleHints): unknown {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.[0]) return sampleValue(alternatives[0], name, hints);
  const types = typesOf(schema).filter((type) => type !== 'null');
  const enumValue = hinted(hints, name).find((value) => schema.enum?.includes(value)) ?? schema.enum?.find((value) => value !== null);
  if (enumValue !== undefined) return enumValue;
  switch (types[0]) {
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum === undefined ? 1 : schema.exclusiveMinimum + 1);
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [sampleValue(schema.items, name, hints)] : [];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([property, propertySchema]) => [property, sampleValue(propertySchema, property, hints)]));
    default:
      return sampleText(schema, name, hints);
  }
}

/** A value the schema admits that names nothing stored (an id that does not exist). */
export function absentValue(schema: JsonSchema): string {
  // the last: page markers of the meeting list and of the kiosk list, after a meeting or a kiosk that does not exist
  const candidates = ['NOPE404', 'nope404', 'ffffffffffffffff', 'n'.repeat(43), '99999999', randomUUID(), `2030-01-01T00:00:00.000Z_${randomUUID()}`, `bm9wZQ.${'n'.repeat(43)}`];
  const found = candidates.find((candidate) => admits(schema, candidate));
  if (found === undefined) throw new Error(`no absent value for ${JSON.stringify(schema)}`);
  return found;
}
