import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { problemsPage } from './problem-docs';
import { declareRoute, mount, type JsonSchema } from './route-declaration';

const html = { 'text/html': { type: 'string' } };

/** The document and the pages built from it. Public: mount before authentication. */
export const docsEndpoints = {
  document: declareRoute({
    method: 'get',
    base: '',
    path: '/api/v1/openapi.json',
    access: 'public',
    operationId: 'openApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'docs',
    success: { status: 200, description: 'the document', content: { 'application/json': { type: 'object' } } },
    errors: {},
  }),
  reference: declareRoute({
    method: 'get',
    base: '',
    path: '/docs',
    access: 'public',
    operationId: 'docs',
    summary: 'This reference, interactive (Swagger UI, served locally)',
    tag: 'docs',
    success: { status: 200, description: 'the page', content: html },
    errors: {},
    page: true,
  }),
  problems: declareRoute({
    method: 'get',
    base: '',
    path: '/docs/problems',
    access: 'public',
    operationId: 'problemCodes',
    summary: 'The problem codes: where each problem’s `type` (`/docs/problems#<code>`) leads',
    tag: 'docs',
    success: { status: 200, description: 'the page, one anchor per code', content: html },
    errors: {},
    page: true,
  }),
};

/**
 * `GET /api/v1/openapi.json` and the interactive reference at `/docs` (Swagger UI; its assets come from the
 * swagger-ui-dist package, nothing from the internet).
 */
export function docsRoutes(document: JsonSchema): Router {
  const router = Router();
  mount(router, docsEndpoints.document, (_req, res) => {
    res.json(document);
  });
  const options = {
    customSiteTitle: 'xuanren API',
    // No call to the online validator: the page works without the internet.
    swaggerOptions: { validatorUrl: null, persistAuthorization: true },
  };
  const catalogue = problemsPage(document);
  mount(router, docsEndpoints.problems, (_req, res) => {
    res.type('html').send(catalogue);
  });
  router.use(docsEndpoints.reference.path, swaggerUi.serveFiles(document, options), swaggerUi.setup(document, options));
  return router;
}
