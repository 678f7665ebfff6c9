import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestInstance } from '../utils/instance.js';

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** A body the route would accept, field by field as JSON text; the fuzzer spoils some fields of it. */
  validBody: Record<string, string>;
  hasBody: boolean;
}

interface FuzzCall {
  operation: Operation;
  admin: boolean;
  pathValues: string[];
  query: [string, string][];
  body: string | undefined;
}

// Ready to put in a URL: hostile numbers, broken and NUL percent-encoding, traversal, long text.
const HOSTILE_URL_VALUES = [
  '2147483648',
  '99999999999999999999',
  '9223372036854775808',
  '-1',
  '-2147483649',
  '0',
  'NaN',
  'Infinity',
  '1e20',
  '1e-7',
  '0x10',
  '%00',
  'a%00b',
  '%ZZ',
  '%E0%A4%A',
  '%',
  '%C0%80',
  '%F0%9F%92%A9',
  '',
  '%20',
  '..%2F..%2Fetc%2Fpasswd',
  'null',
  'true',
  '%5B%5D',
  "'%3B%20DROP%20TABLE%20users%3B--",
  'x'.repeat(5000),
];

const urlValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_URL_VALUES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map(encodeURIComponent) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map((value) => encodeURIComponent(String(value))),
  },
);

// A fixed seed can be given to replay a failure; by default each run explores new cases.
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const nested = (depth: number, leaf: string): string => '['.repeat(depth) + leaf + ']'.repeat(depth);

// JSON text of hostile values for one body field: huge, negative and fractional numbers, NUL, long strings,
// wrong types, and nesting under and over the parser's depth limit.
const jsonValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2147483648',
    '99999999999999999999',
    '1e308',
    '-1e308',
    '-1',
    '0.5',
    '-0',
    '"NaN"',
    '"\\u0000"',
    '"a\\u0000b"',
    '""',
    `"${'x'.repeat(20_000)}"`,
    'null',
    'true',
    '[]',
    '{}',
    '[1,2,3]',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    nested(60, '1'),
    nested(5000, '1'),
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 40, unit: 'binary' }).map((value) => JSON.stringify(value)),
);

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject;

/** A plausible valid value of `schema`, so that a body gets past validation except for the fields spoiled. */
function validValue(schema: Schema | undefined, schemas: Record<string, Schema>, depth = 0): unknown {
  if (!schema || depth > 3) return null;
  if ('$ref' in schema) return validValue(schemas[schema.$ref.split('/').at(-1)!], schemas, depth + 1);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return schema.format === 'email' ? 'fuzz@example.com' : 'fuzzvalue'.padEnd(schema.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          validValue(property, schemas, depth + 1),
        ]),
      );
  }
}

function operationsOf(document: OpenAPIV3.Document): Operation[] {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => {
      const operation = item?.[method];
      if (!operation) return [];
      const parameters = (operation.parameters ?? []) as OpenAPIV3.ParameterObject[];
      const requestBody = operation.requestBody as OpenAPIV3.RequestBodyObject | undefined;
      const schema = Object.values(requestBody?.content ?? {})[0]?.schema;
      const body = validValue(schema, schemas);
      return [
        {
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
          queryParams: parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
          validBody: Object.fromEntries(
            Object.entries(typeof body === 'object' && body !== null ? body : {}).map(([name, value]) => [
              name,
              JSON.stringify(value),
            ]),
          ),
          hasBody: requestBody !== undefined || method !== 'get',
        },
      ];
    }),
  );
}

const toJsonObject = (fields: Record<string, string>): string =>
  `{${Object.entries(fields)
    .map(([name, value]) => `${JSON.stringify(name)}:${value}`)
    .join(',')}}`;

function callArbitrary(operation: Operation): fc.Arbitrary<FuzzCall> {
  const field = fc.constantFrom(...Object.keys(operation.validBody), 'unknownField');
  return fc.record({
    operation: fc.constant(operation),
    admin: fc.boolean(),
    pathValues: fc.tuple(...operation.pathParams.map(() => urlValue)),
    query: fc.array(
      fc.tuple(
        operation.queryParams.length > 0
          ? fc.oneof(
              fc.constantFrom(...operation.queryParams),
              fc.constantFrom(...operation.queryParams).map((name) => `${name}[x]`),
            )
          : fc.constant('q'),
        urlValue,
      ),
      { maxLength: 4 },
    ),
    body: operation.hasBody
      ? fc.oneof(
          // A valid body with one to three fields spoiled, so the values reach the code behind validation.
          fc
            .dictionary(field, jsonValue, { minKeys: 1, maxKeys: 3 })
            .map((spoiled) => toJsonObject({ ...operation.validBody, ...spoiled })),
          jsonValue,
        )
      : fc.constant(undefined),
  });
}

describe('API fuzz: every route of the OpenAPI document with hostile values', () => {
  let instance: TestInstance;
  let adminToken: string;
  let operations: Operation[];

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
    adminToken = await instance.adminToken();
    const document = await instance.api.call<OpenAPIV3.Document>('get', '/api/v1/openapi.json');
    // Revoking the admin's own token would leave the rest of the run anonymous.
    operations = operationsOf(document).filter((operation) => operation.path !== '/api/v1/users/revoke-token');
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  const send = async (call: FuzzCall): Promise<{ status: number; text: string; url: string }> => {
    let index = 0;
    const path = call.operation.path.replace(/\{[^}]+\}/g, () => call.pathValues[index++]);
    const query = call.query.map(([name, value]) => `${name}=${value}`).join('&');
    const url = `${instance.url}${path}${query ? `?${query}` : ''}`;
    const response = await fetch(url, {
      method: call.operation.method,
      headers: {
        ...(call.admin && { Authorization: `Bearer ${adminToken}` }),
        ...(call.body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: call.body,
      // A request left unanswered is a failure too (audit #13 was one).
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, text: await response.text(), url };
  };

  it('finds the routes in the document', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it('answers no hostile value of the fixed corpus with a 5xx, in any path or query parameter', async () => {
    const calls: FuzzCall[] = [];
    for (const operation of operations) {
      const slots = [
        ...operation.pathParams.map((_, position) => ({ position, name: undefined })),
        ...operation.queryParams.map((name) => ({ position: -1, name })),
      ];
      for (const slot of slots) {
        for (const value of HOSTILE_URL_VALUES) {
          const pathValues = operation.pathParams.map((_, position) => (position === slot.position ? value : 'root'));
          calls.push({
            operation,
            admin: true,
            pathValues,
            query: slot.name ? [[slot.name, value]] : [],
            body: operation.hasBody ? toJsonObject(operation.validBody) : undefined,
          });
        }
      }
    }
    // A few at a time: the list routes take many filters, and one by one the corpus outgrew the time limit.
    const failures: string[] = [];
    const queue = [...calls];
    const worker = async (): Promise<void> => {
      for (let call = queue.shift(); call; call = queue.shift()) {
        const answer = await send(call);
        if (answer.status >= 500)
          failures.push(`${call.operation.method} ${answer.url} -> ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers no hostile value with a 5xx on the ActivityPub and discovery routes, which the document leaves out', async () => {
    const templates = [
      ['GET', '/.well-known/webfinger?resource={v}'],
      ['GET', '/.well-known/webfinger?resource=acct:{v}@localhost'],
      ['GET', '/.well-known/webfinger?resource=http://localhost/accounts/{v}'],
      ['GET', '/accounts/{v}'],
      ['GET', '/video-channels/{v}'],
      ['GET', '/accounts/{v}/outbox'],
      ['GET', '/accounts/root/outbox?page={v}'],
      ['GET', '/accounts/root/{v}?page=1'],
      ['GET', '/video-channels/root_channel/followers?page={v}'],
      ['GET', '/videos/watch/{v}'],
      ['GET', '/w/{v}'],
      ['GET', '/video-playlists/{v}'],
      ['GET', '/video-playlists/{v}?page={v}'],
      ['GET', '/video-playlists/{v}/videos/{v}'],
      ['GET', '/static/web-videos/{v}'],
      ['GET', '/lazy-static/thumbnails/{v}'],
      ['GET', '/tracker/announce?info_hash={v}&peer_id={v}&port={v}'],
      ['GET', '/tracker/scrape?info_hash={v}'],
      ['POST', '/accounts/{v}/inbox'],
      ['POST', '/inbox'],
    ];
    const failures: string[] = [];
    for (const [method, template] of templates) {
      for (const value of HOSTILE_URL_VALUES) {
        const response = await fetch(`${instance.url}${template.replaceAll('{v}', value)}`, {
          method,
          headers: { Accept: 'application/activity+json', 'Content-Type': 'application/activity+json' },
          body: method === 'POST' ? `{"type":"Create","id":"${value}","actor":"${value}"}` : undefined,
          signal: AbortSignal.timeout(15_000),
        });
        if (response.status >= 500)
          failures.push(`${method} ${template} with ${value.slice(0, 40)} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers no random combination of hostile parameters and bodies with a 5xx, as admin or anonymous', async () => {
    const failures: string[] = [];
    for (const operation of operations) {
      await fc
        .assert(
          fc.asyncProperty(callArbitrary(operation), async (call) => {
            const answer = await send(call);
            if (answer.status >= 500) {
              failures.push(
                `seed ${seed}: ${operation.method} ${answer.url} body=${(call.body ?? '').slice(0, 120)} -> ${answer.status}`,
              );
              return false;
            }
            return true;
          }),
          { numRuns: 100, seed, endOnFailure: true },
        )
        .catch(() => undefined);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
