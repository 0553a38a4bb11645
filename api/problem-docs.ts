// The page problem `type` URIs point to (/docs/problems#<code>): every code the OpenAPI document declares, with its
// HTTP status and the operations that return it, plus the few no operation declares. Built from the document, so
// a code added to an operation gets its anchor without another list to keep.

import { problemMessageZh } from '../domain/problem-messages.zh';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Codes no operation lists: answered by the app itself, or recorded in the audit trail only. */
const otherCodes: { code: string; status?: number; text: string }[] = [
  { code: 'route.not_found', status: 404, text: 'No such route: the method and path match no endpoint.' },
  { code: 'internal', status: 500, text: 'An unexpected error; the request id in the answer finds it in the logs.' },
  {
    code: 'channel.disabled',
    text:
      'Not an HTTP answer: the refusal recorded in the audit trail (SIGNAL_REJECTED) for a role-bearing Temporal ' +
      'signal sent to a batch started with ROLE_SIGNALS=refuse. Take the step through the API instead.',
  },
];

/** The codes this page lists beyond the document's `x-error-codes`. */
export const undeclaredProblemCodes = otherCodes.map((c) => c.code);

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function problemCatalogue(document: Json): { code: string; statuses: number[]; operations: string[] }[] {
  const byCode = new Map<string, { statuses: Set<number>; operations: Set<string> }>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>))
    for (const [method, op] of Object.entries(item as Record<string, Json>))
      for (const { code, status } of (op?.['x-error-codes'] ?? []) as { code: string; status: number }[]) {
        const entry = byCode.get(code) ?? { statuses: new Set(), operations: new Set() };
        entry.statuses.add(status);
        entry.operations.add(`${method.toUpperCase()} ${path}`);
        byCode.set(code, entry);
      }
  return [...byCode]
    .map(([code, e]) => ({ code, statuses: [...e.statuses].sort(), operations: [...e.operations].sort() }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The code and, beside it, its Chinese title (and the rule it cites). */
function heading(code: string): string {
  const zh = problemMessageZh(code);
  const title = zh ? ` <span lang="zh-CN">${escape(zh.title)}</span>` : '';
  const rule = zh?.rule ? `<p lang="zh-CN" class="rule">依据：${escape(zh.rule)}</p>` : '';
  return `<h2><code>${escape(code)}</code>${title}</h2>${rule}`;
}

export function problemsPage(document: Json): string {
  const declared = problemCatalogue(document).map(
    ({ code, statuses, operations }) =>
      `<section id="${escape(code)}">${heading(code)}<p>HTTP ${statuses.join(', ')}. ` +
      `Returned by: ${operations.map((o) => `<code>${escape(o)}</code>`).join(', ')}.</p></section>`,
  );
  const others = otherCodes.map(
    ({ code, status, text }) =>
      `<section id="${escape(code)}">${heading(code)}<p>${status ? `HTTP ${status}. ` : ''}${escape(text)}</p></section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xuanren API: problem codes</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd}h2{font-size:1.1rem}h2 span{font-weight:normal;margin-left:.5rem}.rule{color:#555}</style>
</head><body>
<h1>Problem codes</h1>
<p>Every refusal of the xuanren API is <code>application/problem+json</code> (RFC 9457) whose <code>type</code> is
<code>/docs/problems#&lt;code&gt;</code>: this page, at the code's anchor. The field paths are in <code>errors</code>; the
request id in <code>requestId</code>. Beside each code, its Chinese title: a request whose <code>Accept-Language</code>
prefers Chinese gets it as the <code>title</code>, with the <code>rule</code> it cites. The reference of each operation is at <a href="/docs">/docs</a>.</p>
${[...declared, ...others].join('\n')}
</body></html>
`;
}
