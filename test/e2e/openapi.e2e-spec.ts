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

  it('describes, with their methods, the routes PeerTube clients use for comments, playlists, captions and the rest', () => {
    const routes: Record<string, string[]> = {
      '/api/v1/videos/{id}/comment-threads': ['get', 'post'],
      '/api/v1/videos/{id}/comment-threads/{threadId}': ['get'],
      '/api/v1/videos/{id}/comments/{commentId}': ['post', 'delete'],
      '/api/v1/videos/{id}/comments/{commentId}/approve': ['post'],
      '/api/v1/videos/comments': ['get'],
      '/api/v1/users/me/videos/comments': ['get'],
      '/api/v1/videos/{id}/captions': ['get'],
      '/api/v1/videos/{id}/captions/{captionLanguage}': ['put', 'delete'],
      '/api/v1/videos/{id}/chapters': ['get', 'put'],
      '/api/v1/videos/{id}/storyboards': ['get'],
      '/api/v1/videos/{id}/views': ['post'],
      '/api/v1/video-playlists': ['get', 'post'],
      '/api/v1/video-playlists/privacies': ['get'],
      '/api/v1/video-playlists/{playlistId}': ['get', 'put', 'delete'],
      '/api/v1/video-playlists/{playlistId}/videos': ['get', 'post'],
      '/api/v1/video-playlists/{playlistId}/videos/reorder': ['post'],
      '/api/v1/video-playlists/{playlistId}/videos/{playlistElementId}': ['put', 'delete'],
      '/api/v1/users/me/video-playlists/videos-exist': ['get'],
      '/api/v1/accounts/{name}/video-playlists': ['get'],
      '/api/v1/video-channels/{handle}/video-playlists': ['get'],
      '/api/v1/search/video-channels': ['get'],
      '/api/v1/search/video-playlists': ['get'],
      '/api/v1/server/stats': ['get'],
      '/api/v1/users/me/subscriptions': ['get', 'post'],
      '/api/v1/users/me/subscriptions/videos': ['get'],
      '/api/v1/users/me/notifications': ['get'],
      '/api/v1/users/me/notifications/read': ['post'],
      '/api/v1/users/me/notifications/read-all': ['post'],
      '/api/v1/users/me/notification-settings': ['put'],
      '/api/v1/users/me/avatar/pick': ['post'],
      '/api/v1/users/me/avatar': ['delete'],
      '/api/v1/video-channels/{handle}/avatar/pick': ['post'],
      '/api/v1/video-channels/{handle}/avatar': ['delete'],
      '/api/v1/video-channels/{handle}/banner/pick': ['post'],
      '/api/v1/video-channels/{handle}/banner': ['delete'],
    };
    for (const [path, methods] of Object.entries(routes)) {
      expect(document.paths, path).toHaveProperty([path]);
      expect(Object.keys(document.paths[path]!), path).toEqual(expect.arrayContaining(methods));
    }
  });

  it('has a browsable docs page', async () => {
    const response = await instance.api.raw('get', '/api/v1/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('swagger');
  });
});
