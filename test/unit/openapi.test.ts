import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import SwaggerParser from '@apidevtools/swagger-parser';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { accessMatrix, type Access } from '../../api/access';
import { createApp } from '../../api/app';
import type { AppDeps } from '../../api/deps';
import { metricsRouter } from '../../api/metrics';
import { problemType } from '../../api/problem';
import { buildOpenApiDocument, openApiRoutes } from '../../api/openapi';
import { rankBatchesAccess, rankBatchesRoutes } from '../../api/rank-batches.routes';
import { reportsAccess, reportsRoutes } from '../../api/reports.routes';
import { trainingAccess, trainingRoutes } from '../../api/training.routes';
import { startBatchSchema } from '../../domain/batch';
import { probationCommands } from '../../domain/commands/probation';
import { rankCommands } from '../../domain/commands/rank';
import { selectionCommands } from '../../domain/commands/selection';
import { roles } from '../../domain/roles';
import { commandSchemas } from '../../domain/selection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const doc: Json = buildOpenApiDocument();
const methods = ['get', 'post', 'put', 'delete'] as const;
const toOpenApi = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function operations(): { key: string; path: string; method: string; op: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    methods.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, method: m, op: item[m] })),
  );
}

/** Deps that build the routers without connecting anything: the routes are listed, never called. */
const offlineDeps = {
  database: { db: {}, sql: {} },
  temporal: { options: { namespace: 'default' } },
  taskQueue: 'unused',
  verifyToken: async () => ({ id: 'nobody', roles: [] }),
  logger: pino({ level: 'silent' }),
} as unknown as AppDeps;

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: unknown;
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` an Express app or router answers, mounted routers included. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route)
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${toOpenApi(prefix + layer.route!.path)}`);
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return routesOf(layer.handle.stack, prefix + mount);
    }
    return [];
  });
}

const stackOf = (router: Router) => (router as unknown as { stack: Layer[] }).stack;

describe('api/openapi', () => {
  describe('buildOpenApiDocument', () => {
    test('when validated against the OpenAPI 3.1 schema, it is valid', async () => {
      const api = await SwaggerParser.validate(structuredClone(doc));
      expect(api).toMatchObject({ openapi: '3.1.0' });
    });

    test('when compared with the routes the app and its routers answer, it documents each of them and no other', () => {
      const app = createApp(offlineDeps) as unknown as { router: { stack: Layer[] } };
      const served = new Set([
        ...routesOf(app.router.stack),
        // Mounted by api/app.ts at the root and under /api/v1 (until then this keeps them in the comparison).
        ...routesOf(stackOf(openApiRoutes(doc))),
        ...routesOf(stackOf(metricsRouter())),
        ...routesOf(stackOf(rankBatchesRoutes(offlineDeps)), '/api/v1'),
        ...routesOf(stackOf(reportsRoutes(offlineDeps)), '/api/v1'),
        ...routesOf(stackOf(trainingRoutes(offlineDeps)), '/api/v1'),
      ]);
      const documented = operations()
        .map((o) => o.key)
        .filter((k) => k !== 'GET /docs');
      expect([...served].sort()).toEqual([...new Set(documented)].sort());
    });

    test.each(Object.entries({ ...accessMatrix, ...rankBatchesAccess, ...reportsAccess, ...trainingAccess }))(
      'when the role matrix lists %s, the document has it with its roles',
      (endpoint, access: Access) => {
        const [method, path] = endpoint.split(' ') as [string, string];
        const op = doc.paths[toOpenApi(`/api/v1${path}`)]?.[method.toLowerCase()];
        expect(op, endpoint).toBeDefined();
        const expected = access === 'public' ? [] : access === 'authenticated' ? [...roles] : [...access];
        expect(op['x-roles']).toEqual(expected);
        expect(op['x-access']).toBe(Array.isArray(access) ? 'roles' : access);
        if (Array.isArray(access)) {
          for (const role of access) expect(op.description).toContain(role);
          expect(op.responses['403']).toBeDefined();
        }
        if (access === 'public') expect(op.security).toContainEqual({});
        else expect(op.security).toEqual([{ bearerAuth: [] }]);
      },
    );

    test('when an operation is a POST under /api/v1, it takes an optional Idempotency-Key header and may answer 422 for a reused key', () => {
      const posts = operations().filter((o) => o.method === 'post' && o.path.startsWith('/api/v1/'));
      expect(posts.length).toBeGreaterThan(20);
      for (const { key, op } of posts) {
        const header = op.parameters.find((p: Json) => p.in === 'header' && p.name === 'Idempotency-Key');
        expect(header, key).toMatchObject({ required: false, schema: { type: 'string', maxLength: 200 } });
        expect(op.responses['422']['x-error-codes'], key).toContain('idempotency.key_reused');
      }
    });

    test('when an operation can fail, each error is a Problem (problem+json) listing its stable codes', () => {
      for (const { key, op } of operations()) {
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          if (Number(status) < 400 || key === 'GET /readyz') continue;
          expect(response.content['application/problem+json'].schema, `${key} ${status}`).toEqual({
            $ref: '#/components/schemas/Problem',
          });
          expect(response['x-error-codes'].length, `${key} ${status}`).toBeGreaterThan(0);
          for (const code of response['x-error-codes']) expect(response.description).toContain(`\`${code}\``);
        }
      }
      const problem = doc.components.schemas.Problem;
      expect(problem.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'code', 'detail', 'instance', 'requestId']),
      );
      expect(problem.properties.errors.items.required).toEqual(['path', 'message']);
    });

    test('when a rule can refuse a command, its code is listed on the endpoint', () => {
      const meeting = doc.paths['/api/v1/batches/{id}/meetings'].post;
      expect(meeting.responses['422']['x-error-codes']).toEqual(
        expect.arrayContaining(['quorum.not_met', 'recusal.required', 'secretary.not_last', 'vetting.incomplete']),
      );
      const check = doc.paths['/api/v1/batches/{id}/candidates/{personId}/checks'].post;
      expect(check.responses['403']['x-error-codes']).toEqual(
        expect.arrayContaining(['role.forbidden', 'branch.not_own']),
      );
      expect(check.responses['422']['x-error-codes']).toContain('signature.same_person');
      expect(doc.paths['/api/v1/batches'].post.responses['409']['x-error-codes']).toEqual(['batch.already_exists']);
    });

    test('when a body is validated by a zod schema, the document shows that schema', () => {
      const { $schema: _s, ...startBatch } = z.toJSONSchema(startBatchSchema, { target: 'draft-2020-12', io: 'input' });
      expect(doc.components.schemas.StartBatchRequest).toEqual(startBatch);
      // Path parameters are merged into the body by the route: the body schema leaves them out.
      const check = doc.components.schemas.RecordCheckRequest;
      expect(Object.keys(check.properties).sort()).toEqual(
        Object.keys(commandSchemas.recordCheck.shape)
          .filter((k) => k !== 'personId')
          .sort(),
      );
      expect(check.additionalProperties).toBe(false);
      const person = doc.paths['/api/v1/batches/{id}/candidates/{personId}/checks'].post.parameters.find(
        (p: Json) => p.name === 'personId',
      );
      expect(person.schema.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9._-]*$');
    });

    test('when every command of the tables is listed, each has a documented body, success response and refusals', () => {
      for (const row of [...selectionCommands, ...probationCommands, ...rankCommands]) {
        const op = doc.paths[toOpenApi(`/api/v1${row.http.path}`)][row.http.method];
        expect(op.operationId).toBe(row.doc.operationId);
        expect(op.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+Request$/);
        expect(op.responses[String(row.http.status)]).toBeDefined();
        for (const [status, codes] of Object.entries(row.doc.refusals))
          expect(op.responses[status]['x-error-codes']).toEqual(expect.arrayContaining([...codes]));
      }
    });

    test('when the list endpoint is described, its filters and cursor are query parameters', () => {
      const params = doc.paths['/api/v1/batches'].get.parameters.map((p: Json) => `${p.in}:${p.name}`);
      expect(params).toEqual(
        expect.arrayContaining([
          'query:stage',
          'query:kind',
          'query:year',
          'query:orgUnit',
          'query:cursor',
          'query:limit',
        ]),
      );
    });
  });

  describe('openApiRoutes', () => {
    test('when served, it answers the document and an interactive page whose assets are all local', async () => {
      const app = express();
      app.use(helmet());
      app.use(openApiRoutes(doc));
      const server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const served = await fetch(`${base}/api/v1/openapi.json`);
        expect(served.status).toBe(200);
        expect(await served.json()).toEqual(JSON.parse(JSON.stringify(doc)));

        const page = await fetch(`${base}/docs`);
        expect(page.status).toBe(200);
        expect(page.url).toBe(`${base}/docs/`);
        const html = await page.text();
        const assets = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]!);
        expect(assets.length).toBeGreaterThan(2);
        for (const asset of assets) {
          expect(asset, 'no asset from another origin').not.toMatch(/^(https?:)?\/\//);
          const res = await fetch(new URL(asset, page.url));
          expect(res.status, asset).toBe(200);
        }
        const init = await (await fetch(`${base}/docs/swagger-ui-init.js`)).text();
        expect(init).toContain('"openapi": "3.1.0"');
        expect(init).toContain('"validatorUrl": null');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    test('when a problem type is followed, the page it names is served here with an anchor for every code', async () => {
      const app = express();
      app.use(helmet());
      app.use(openApiRoutes(doc));
      const server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const codes = new Set(
          operations().flatMap(({ op }) => ((op['x-error-codes'] ?? []) as { code: string }[]).map((c) => c.code)),
        );
        expect(codes.size).toBeGreaterThan(40);
        for (const code of [...codes, 'internal', 'route.not_found', 'channel.disabled']) {
          const type = problemType(code);
          expect(type).toBe(`/docs/problems#${code}`);
          const page = await fetch(new URL(type, base));
          expect(page.status).toBe(200);
          expect(await page.text(), code).toContain(`id="${code}"`);
        }
        expect(doc.components.schemas.Problem.properties.type.description).toContain('/docs/problems#');
        expect(JSON.stringify(doc)).not.toContain('xuanren.dev');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
