import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SHOAL_VERSION } from '../version.js';

export const OPENAPI_JSON_PATH = 'api/v1/openapi.json';
export const OPENAPI_DOCS_PATH = 'api/v1/docs';

/** Builds the OpenAPI document from the controllers' decorators. */
export function createOpenApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Shoal REST API')
    .setDescription(
      'PeerTube-compatible REST API v1. Errors are RFC 7807 application/problem+json with a machine `code`.',
    )
    .setVersion(SHOAL_VERSION)
    .addServer(serverUrl)
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document as JSON and a browsable docs page. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup(OPENAPI_DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/v1/openapi.yaml',
    customSiteTitle: 'Shoal API',
  });
}
