import { describe, expect, test } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi';
import { problemCatalogue, problemsPage, undeclaredProblemCodes } from '../../api/problem-docs';
import { problemMessagesZh } from '../../domain/problem-messages.zh';

const document = buildOpenApiDocument();
const answerable = [...problemCatalogue(document).map((c) => c.code), ...undeclaredProblemCodes];

describe('the Chinese problem messages', () => {
  test('every code the API can answer has a Chinese title', () => {
    const missing = answerable.filter((code) => !problemMessagesZh[code]);
    expect(missing).toEqual([]);
    expect(answerable.length).toBeGreaterThan(70);
  });

  test('every title and rule is Chinese text', () => {
    for (const [code, { title, rule }] of Object.entries(problemMessagesZh)) {
      expect(title, code).toMatch(/\p{Script=Han}/u);
      if (rule) expect(rule, code).toMatch(/\p{Script=Han}/u);
    }
  });

  test('the rules the office cites name their regulation', () => {
    expect(problemMessagesZh['quorum.not_met']!.rule).toContain('《党政领导干部选拔任用工作条例》');
    expect(problemMessagesZh['publicity.never_shorter']!.rule).toContain('第四十二条');
    expect(problemMessagesZh['tenure.insufficient']!.rule).toContain('《公务员职务与职级并行规定》');
  });

  test('/docs/problems shows the Chinese title beside each code', () => {
    const page = problemsPage(document);
    for (const code of answerable) {
      const section = page.slice(page.indexOf(`<section id="${code}">`)).split('</section>')[0]!;
      expect(section, code).toContain(`<span lang="zh-CN">${problemMessagesZh[code]!.title}</span>`);
    }
  });
});
