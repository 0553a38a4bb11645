import type { Actor } from '../domain/roles';

/** An answer of the API, or of nothing (status 0: connection refused, or no answer within the client's timeout). */
export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  contentType: string;
  headers: Headers;
  ms: number;
  /** Which of the client's base URLs answered (its index). */
  api: number;
  /** Set when no HTTP answer came. */
  error?: string;
}

export interface RequestOptions {
  /** Signed by the client's `token` function. */
  actor?: Actor;
  /** A bearer token as it is (instead of `actor`). */
  token?: string;
  /** JSON-encoded unless already a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Which base URL to send to (default: the next one in turn). */
  api?: number;
  timeoutMs?: number;
}

export interface HttpClient {
  readonly urls: readonly string[];
  request(method: string, path: string, opts?: RequestOptions): Promise<Reply>;
}

export const noAnswer = 'no answer (client timeout)';

/**
 * A small client over the API: one or several base URLs (API processes) taken in turn, bearer tokens signed for
 * actors, JSON bodies, and every failure to answer turned into a reply of status 0 rather than a throw.
 */
export function httpClient({
  urls,
  token,
  timeoutMs = 60_000,
  onReply,
}: {
  urls: string | readonly string[];
  token?: (actor: Actor) => Promise<string> | string;
  timeoutMs?: number;
  /** Sees every reply (counting, anomaly watching). */
  onReply?(reply: Reply, method: string, path: string): void;
}): HttpClient {
  const bases = typeof urls === 'string' ? [urls] : [...urls];
  let next = 0;
  return {
    urls: bases,
    async request(method, path, opts = {}) {
      const api = opts.api ?? next++ % bases.length;
      const bearer = opts.token ?? (opts.actor && token ? await token(opts.actor) : undefined);
      const t0 = Date.now();
      let reply: Reply;
      try {
        const res = await fetch(`${bases[api]}${path}`, {
          method,
          headers: {
            ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
            ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...opts.headers,
          },
          ...(opts.body !== undefined
            ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
            : {}),
          signal: AbortSignal.timeout(opts.timeoutMs ?? timeoutMs),
        });
        const text = await res.text();
        const contentType = res.headers.get('content-type') ?? '';
        reply = {
          status: res.status,
          body: text && contentType.includes('json') ? JSON.parse(text) : text,
          contentType,
          headers: res.headers,
          ms: Date.now() - t0,
          api,
        };
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        reply = {
          status: 0,
          body: undefined,
          contentType: '',
          headers: new Headers(),
          ms: Date.now() - t0,
          api,
          error: e.name === 'TimeoutError' ? noAnswer : (e.cause?.code ?? e.message),
        };
      }
      onReply?.(reply, method, path);
      return reply;
    },
  };
}
