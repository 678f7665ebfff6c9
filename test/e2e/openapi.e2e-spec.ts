import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestInstance } from '../utils/instance.js';

describe('OpenAPI document', () => {
  let instance: TestInstance;
  let document: OpenAPIV3.Document;

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
    document = await instance.api.call<OpenAPIV3.Document>('get', '/api/v1/openapi.json');
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  it('is a valid OpenAPI 3 document', async () => {
    // validate() dereferences in place; give it a copy.
    const validated = (await SwaggerParser.validate(structuredClone(document))) as OpenAPIV3.Document;
    expect(validated.openapi).toMatch(/^3\./);
    expect(document.servers?.[0]?.url).toBe(instance.url);
  });

  it('describes the REST API generated from the controllers', () => {
    const paths = Object.keys(document.paths);
    for (const path of [
      '/api/v1/oauth-clients/local',
      '/api/v1/users/token',
      '/api/v1/users/revoke-token',
      '/api/v1/users/register',
      '/api/v1/users/me',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/accounts/{name}',
      '/api/v1/accounts/{name}/video-channels',
      '/api/v1/video-channels',
      '/api/v1/video-channels/{handle}',
      '/api/v1/config',
      '/api/v1/config/about',
      '/api/v1/health/ready',
    ]) {
      expect(paths, path).toContain(path);
    }
    const create = document.paths['/api/v1/video-channels']!.post!;
    expect(create.security).toEqual([{ bearer: [] }]);
    const schema = (create.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']
      .schema as OpenAPIV3.ReferenceObject;
    const dto = document.components!.schemas![schema.$ref.split('/').pop()!] as OpenAPIV3.SchemaObject;
    expect(dto.required).toEqual(expect.arrayContaining(['name', 'displayName']));
  });

  it('has a browsable docs page', async () => {
    const response = await instance.api.raw('get', '/api/v1/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('swagger');
  });
});
