import type { Payload } from '@temporalio/common';
import cors from 'cors';
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { readers } from '../domain/roles';
import type { AppDeps } from './deps';
import { authenticate } from './auth';
import { batchEndpoints } from './batches.routes';
import { guard } from './guard';
import { Problem, problems } from './problem';
import { declareRoute } from './route-declaration';
import { parse } from './validate';

/**
 * Temporal's remote codec protocol (POST …/encode and …/decode, `{ payloads: [...] }` in proto3 JSON), so that the
 * Temporal UI and `temporal --codec-endpoint` show decrypted payloads to those who may read a batch's whole workflow
 * state (notes, votes, objections and their reporters: GET /batches/:id/live). Encrypting reveals nothing: any role.
 * It runs the API client's own codecs (runtime/payload-codec.ts): the same keys, nothing configured twice.
 */
export const codecAccess = { encode: readers, decode: batchEndpoints.live.access } as const;

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
export const codecBodySchema = z.object({
  // proto3 JSON leaves an empty list out: `temporal workflow query` without arguments encodes `{}`.
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .default([]),
});

type Action = 'encode' | 'decode';

const codecRoute = {
  method: 'post',
  base: '/codec',
  description:
    'Temporal payloads in proto3 JSON (`metadata` values and `data` in base64), encrypted or decrypted with ' +
    'the keys of TEMPORAL_PAYLOAD_KEYS. Decoding shows a batch in full, as GET /api/v1/batches/{id}/live ' +
    'does. Point the Temporal UI (`--ui-codec-endpoint`, `TEMPORAL_CODEC_ENDPOINT` ' +
    'with `TEMPORAL_CODEC_PASS_ACCESS_TOKEN`) or `temporal --codec-endpoint` at `/codec`. Payloads in clear ' +
    'are decoded as they are. CORS: the Temporal UI’s origin (TEMPORAL_UI_URL) and CORS_ORIGINS. Under ' +
    '`npm start` only, the dev UI (no sign-in) decodes from its own origin on this machine without a token.',
  tag: 'temporal',
  body: { name: 'CodecPayloads', schema: codecBodySchema },
} as const;
const payloads = (action: Action) => ({
  status: 200,
  description: `the ${action}d payloads, in order`,
  content: { 'application/json': { $ref: '#/components/schemas/CodecPayloads' } },
});

/** Outside /api/v1: the codec authenticates the caller itself (see `access` below). */
export const codecEndpoints = {
  encode: declareRoute({
    ...codecRoute,
    path: '/encode',
    access: codecAccess.encode,
    operationId: 'codecEncode',
    summary: 'Encode Temporal payloads (remote codec protocol, for the Temporal UI and CLI)',
    success: payloads('encode'),
    errors: { 401: ['auth.unauthenticated'] },
  }),
  decode: declareRoute({
    ...codecRoute,
    path: '/decode',
    access: codecAccess.decode,
    operationId: 'codecDecode',
    summary: 'Decode Temporal payloads (remote codec protocol, for the Temporal UI and CLI)',
    success: payloads('decode'),
    errors: { 401: ['auth.unauthenticated'], 422: ['payload.undecodable'] },
  }),
};

type JsonPayload = z.output<typeof codecBodySchema>['payloads'][number];

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});
const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

/** The Temporal UI's origin, and its localhost / 127.0.0.1 twin (a dev UI is opened by either name). */
export function uiOrigins(temporalUiUrl: string | undefined): string[] {
  if (!temporalUiUrl) return [];
  const url = new URL(temporalUiUrl);
  const twin = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' }[url.hostname];
  return [url.origin, ...(twin ? [`${url.protocol}//${twin}${url.port ? `:${url.port}` : ''}`] : [])];
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function codecRoutes(
  deps: Pick<AppDeps, 'temporal' | 'verifyToken' | 'temporalUiUrl' | 'corsOrigins' | 'codecWithoutTokenFromUi'>,
) {
  const ui = uiOrigins(deps.temporalUiUrl);
  const origins = [...ui, ...(deps.corsOrigins ?? [])];
  // Dev only (npm start on its generated secret): the dev server's UI has no sign-in, so it cannot forward a token.
  // A request without one is let through when the browser says it comes from that UI and it comes from this machine.
  const devUi = (req: Request) =>
    deps.codecWithoutTokenFromUi === true &&
    !req.headers.authorization &&
    ui.includes(req.headers.origin ?? '') &&
    loopback.has(req.socket.remoteAddress ?? '');
  const verify = authenticate(deps.verifyToken);
  const access =
    (action: Action): RequestHandler =>
    async (req, res, next) => {
      if (devUi(req)) return next();
      await verify(req, res, () => guard(codecAccess[action])(req, res, next));
    };

  const run = (action: Action): RequestHandler[] => [
    access(action),
    async (req, res) => {
      let payloads = parse(codecBodySchema, req.body).payloads.map(fromJson);
      const codecs = deps.temporal.options.loadedDataConverter.payloadCodecs ?? [];
      try {
        if (action === 'encode') for (const codec of codecs) payloads = await codec.encode(payloads);
        else for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
      } catch (err) {
        if (action === 'decode') throw problems.rule('payload.undecodable', (err as Error).message);
        throw err;
      }
      res.json({ payloads: payloads.map(toJson) });
    },
  ];

  const router = Router();
  router.use(
    cors({
      origin: origins,
      methods: ['POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-namespace'],
      credentials: true,
      maxAge: 600,
    }),
  );
  router.use((req, _res, next) => {
    if (req.method === 'POST' && !req.is('application/json'))
      throw new Problem(415, 'request.unsupported_media_type', 'send the body as application/json');
    next();
  });
  // A history's payloads may be larger than the API's own 1 MB bodies.
  router.use(express.json({ limit: '8mb' }));
  router.post(codecEndpoints.encode.path, ...run('encode'));
  router.post(codecEndpoints.decode.path, ...run('decode'));
  return router;
}
