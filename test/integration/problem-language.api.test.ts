import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStack, token, type Stack } from '../helpers/stack';
import { batchBody, rankBatchBody } from '../../testkit';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Ask = () => Promise<{ method: string; path: string; token?: string; body?: unknown }>;

const refusals: { name: string; status: number; code: string; title: string; rule?: RegExp; ask: Ask }[] = [
  {
    name: 'a rank promotion of more than one step',
    status: 422,
    code: 'rank.not_one_step',
    title: '职级晋升须逐级进行',
    rule: /《公务员职务与职级并行规定》（2019）第二十条/,
    ask: async () => {
      const body = rankBatchBody();
      return {
        method: 'POST',
        path: '/api/v1/rank-batches',
        token: await token('ORG_OFFICER'),
        body: { ...body, candidates: [body.candidates[0], { ...body.candidates[1]!, targetRank: '三级主任科员' }] },
      };
    },
  },
  {
    name: 'an invalid body',
    status: 400,
    code: 'request.invalid',
    title: '请求内容不符合要求，请按提示修改所列字段',
    ask: async () => ({ method: 'POST', path: '/api/v1/batches', token: await token('ORG_OFFICER'), body: {} }),
  },
  {
    name: 'a role that may not start a batch',
    status: 403,
    code: 'auth.forbidden',
    title: '您的角色无权进行此项操作',
    ask: async () => ({
      method: 'POST',
      path: '/api/v1/batches',
      token: await token('AUDITOR'),
      body: batchBody('zh-forbidden'),
    }),
  },
  {
    name: 'a batch that does not exist',
    status: 404,
    code: 'batch.not_found',
    title: '没有这个批次',
    ask: async () => ({ method: 'GET', path: '/api/v1/batches/no-such-batch', token: await token('AUDITOR') }),
  },
  {
    name: 'a route that does not exist',
    status: 404,
    code: 'route.not_found',
    title: '没有这个地址',
    ask: async () => ({ method: 'GET', path: '/api/v1/no-such-route' }),
  },
];

async function send(ask: Ask, headers: Record<string, string>) {
  const { method, path, ...opts } = await ask();
  return stack.request(method, path, { ...opts, headers });
}

/** Everything but the members that differ by language or by request. */
const contract = ({ title: _t, rule: _r, requestId: _id, ...rest }: Record<string, unknown>) => rest;

describe('problem+json in the caller’s language', () => {
  describe.each(refusals)('$name ($status $code)', ({ status, code, title, rule, ask }) => {
    test('when the caller prefers Chinese, the title is Chinese, with the rule it cites and Content-Language: zh-CN', async () => {
      const res = await send(ask, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('content-language')).toBe('zh-CN');
      expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
      expect(res.body.title).toBe(title);
      if (rule) expect(res.body.rule).toMatch(rule);
      else expect(res.body).not.toHaveProperty('rule');
    });

    test('when the caller does not ask for Chinese, the answer is as it always was; only the title and rule differ', async () => {
      const en = await send(ask, {});
      expect([en.status, en.body.code, en.body.title]).toEqual([status, code, code]);
      expect(en.body).not.toHaveProperty('rule');
      expect(en.headers.get('content-language')).toBeNull();
      const english = await send(ask, { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' });
      expect(english.body.title).toBe(code);
      const zh = await send(ask, { 'accept-language': 'zh' });
      expect(contract(zh.body)).toEqual(contract(en.body));
    });
  });
});
