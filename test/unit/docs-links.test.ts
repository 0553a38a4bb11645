import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../runtime/tools';
import { headingAnchors, linkTargets, markdownFiles, readMarkdown } from '../helpers/markdown';

/**
 * Pages that other parts of issue 14 write on their own branches, linked from the developers' index ahead of them.
 * Until they arrive a link to one may point nowhere; once a page exists, its links and anchors are checked as any.
 */
const external = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Every relative link of a file, resolved to a project path and an anchor. */
function relativeLinks(file: string) {
  return linkTargets(readMarkdown(file))
    .filter(({ target }) => !external(target))
    .map(({ target, line }) => {
      const [path = '', anchor] = target.split('#');
      return {
        where: `${file}:${line} ${target}`,
        absolute: path.startsWith('/'),
        resolved: path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path))),
        anchor: anchor === undefined ? undefined : decodeURIComponent(anchor),
      };
    });
}

describe('README.md and docs/', () => {
  const files = markdownFiles();

  test('when a page links to a file, the link is relative and the file exists', () => {
    const broken = files
      .flatMap(relativeLinks)
      .filter((link) => link.absolute || !existsSync(join(projectRoot, link.resolved)))
      .map((link) => link.where);
    expect(broken).toEqual([]);
  });

  test('when a link names an anchor, the page it points to has that heading', () => {
    const wrong = files
      .flatMap(relativeLinks)
      .filter((link) => link.anchor !== undefined && existsSync(join(projectRoot, link.resolved)))
      .filter((link) => {
        const path = join(projectRoot, link.resolved);
        return statSync(path).isDirectory() || !headingAnchors(readMarkdown(link.resolved)).has(link.anchor!);
      })
      .map((link) => link.where);
    expect(wrong).toEqual([]);
  });

  test('when a page is under docs/, the README leads to it through links', () => {
    const reached = new Set<string>();
    const queue = ['README.md'];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (reached.has(file) || !existsSync(join(projectRoot, file))) continue;
      reached.add(file);
      queue.push(...relativeLinks(file).flatMap((link) => (link.resolved.endsWith('.md') ? [link.resolved] : [])));
    }
    expect(files.filter((file) => !reached.has(file))).toEqual([]);
  });

  test('when a newcomer opens the README, it gives the two commands and a page for each reader', () => {
    const readme = readMarkdown('README.md');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    const linked = relativeLinks('README.md').map((link) => link.resolved);
    expect(linked).toEqual(
      expect.arrayContaining(['docs/office.md', 'docs/api.md', 'docs/operators.md', 'docs/developers/README.md']),
    );
  });
});

describe('headingAnchors', () => {
  test('when headings carry code, punctuation, Chinese or repeats, the anchors are those GitHub makes', () => {
    const anchors = headingAnchors(
      [
        '# xuanren 选任',
        '## Scaled timers (`ALLOW_SCALED_TIMERS`)',
        '### `npm run cluster`: the production topology on one machine',
        '```',
        '## not a heading: inside code',
        '```',
        '## Training (培训)',
        '## Training (培训)',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      'xuanren-选任',
      'scaled-timers-allow_scaled_timers',
      'npm-run-cluster-the-production-topology-on-one-machine',
      'training-培训',
      'training-培训-1',
    ]);
  });
});
