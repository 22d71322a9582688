/**
 * Discord's own request schemas for the stand-in: each request is matched to its operation in Discord's published
 * OpenAPI 3.1 spec (vendor/discord-api-spec, pruned to the operations the bot calls) by method and path template,
 * and its JSON body (for multipart, the payload_json part) is validated with ajv's JSON Schema 2020-12 validator.
 *
 * The spec's own conventions (discord/discord-api-spec README, "Spec conventions"):
 * - "Our API accepts strings for int fields if they are parseable as ints": an integer field also takes a string of
 *   digits (discord.js sends `default_member_permissions` as one);
 * - every union (`oneOf`, or `anyOf` marked `x-discord-union: oneOf`) means one of its members, used as anyOf "when
 *   all the fields are optional and the passed in data could be validated with more than one format": JSON Schema's
 *   oneOf would refuse such data, so every oneOf is read as anyOf.
 * Where the spec and the docs differ, the README says to follow the docs: the limits the docs state and the spec
 * lacks (content 2,000 characters, 6,000 across embeds, command names) are explicit checks in fake-discord.ts.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const SPEC_FILE = new URL('./vendor/discord-api-spec/openapi.pruned.json', import.meta.url);
const COMPONENTS = 'discord-components';

interface Operation {
  method: string;
  template: string;
  re: RegExp;
  /** Literal segments: a path matches the most literal template first (`@original` before `{message_id}`). */
  literals: number;
  schema: unknown;
  validate?: ValidateFunction;
}

/** What the check says about one request: its operation ("PATCH /webhooks/{webhook_id}/…") and the first problem. */
export interface SchemaVerdict {
  operation: string | null;
  /** Discord-style: the field's path and what is wrong with it; null when the body fits. */
  problem: { field: string; message: string } | null;
}

let loaded: { ajv: Ajv2020; operations: Operation[] } | null = null;

/** The spec's conventions, applied once to every schema node (see the file comment). */
function conventions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(conventions);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/components/schemas/', `${COMPONENTS}#/$defs/`);
    else if (k === 'oneOf') out.anyOf = conventions(v);
    else out[k] = conventions(v);
  }
  const type = out.type;
  const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
  return integer ? { anyOf: [out, { type: 'string', pattern: '^-?[0-9]+$' }] } : out;
}

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The spec's formats: snowflake and nonce are strings by pattern already; the numeric ones bound integers.
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  for (const f of ['snowflake', 'nonce', 'int32', 'int64', 'double']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: COMPONENTS, $defs: conventions(spec.components.schemas) });
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<Record<string, any>>(spec.paths)) {
    const segments = template.split('/').filter(Boolean);
    const re = new RegExp('^/' + segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$');
    for (const [method, op] of Object.entries<any>(item)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      operations.push({ method: method.toUpperCase(), template, re, literals: segments.filter((s) => !s.startsWith('{')).length, schema: schema && conventions(schema) });
    }
  }
  operations.sort((a, b) => b.literals - a.literals);
  return (loaded = { ajv, operations });
}

/** Compiles every operation's validator now (about 2 s), so no request waits for it while a deadline runs. */
export function warmUpDiscordSchema(): void {
  const { ajv, operations } = load();
  for (const op of operations) if (op.schema) op.validate ??= ajv.compile(op.schema as object);
}

/** The deepest error names the field; union summaries ("must match a schema in anyOf") say less. */
function worst(errors: ErrorObject[]): ErrorObject {
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const pool = specific.length ? specific : errors;
  return pool.reduce((a, b) => (b.instancePath.split('/').length > a.instancePath.split('/').length ? b : a));
}

/** Matches the request to its operation and validates its JSON body (`body` undefined: nothing to check). */
export function checkDiscordRequest(method: string, path: string, body: unknown): SchemaVerdict {
  const { ajv, operations } = load();
  const op = operations.find((o) => o.method === method && o.re.test(path));
  if (!op) return { operation: null, problem: { field: '(route)', message: `no operation in Discord's spec matches ${method} ${path}` } };
  const operation = `${op.method} ${op.template}`;
  if (body === undefined || !op.schema) return { operation, problem: null };
  op.validate ??= ajv.compile(op.schema as object);
  if (op.validate(body)) return { operation, problem: null };
  const e = worst(op.validate.errors ?? []);
  const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(body)';
  const detail = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
  return { operation, problem: { field, message: `${e.message ?? e.keyword}${detail}` } };
}

/** A refusal as Discord words it: 50035 Invalid Form Body, the field's path nesting `_errors`. */
export function invalidFormBody(problem: { field: string; message: string }): { code: number; message: string; errors: unknown } {
  const errors = problem.field
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), { _errors: [{ code: 'SCHEMA_INVALID', message: problem.message }] });
  return { code: 50035, message: `Invalid Form Body: ${problem.field}: ${problem.message}`, errors };
}
