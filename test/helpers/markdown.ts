import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../runtime/tools';

/** README.md and every docs/**\/*.md, as paths relative to the project root. */
export function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(join(dir, entry.name))
        : entry.name.endsWith('.md')
          ? [relative(projectRoot, join(projectRoot, dir, entry.name))]
          : [],
    );
  return ['README.md', ...walk('docs')];
}

export const readMarkdown = (file: string) => readFileSync(join(projectRoot, file), 'utf8');

/** The lines outside fenced code blocks, each with its 1-based line number. */
function proseLines(markdown: string): { line: string; no: number }[] {
  let fenced = false;
  return markdown.split('\n').flatMap((line, i) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [{ line, no: i + 1 }];
  });
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as "-", repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { line } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every inline link and image target outside code, with the line it is on. */
export function linkTargets(markdown: string): { target: string; line: number }[] {
  return proseLines(markdown).flatMap(({ line, no }) =>
    [...line.replace(/`[^`]*`/g, '').matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
      target: m[1]!,
      line: no,
    })),
  );
}

/** The body of the `## heading` section (up to the next heading of the same or a higher level). */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+\s/.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The body rows of the Markdown tables in a text, each as its trimmed cells (header and rule rows left out). */
export function tableRows(markdown: string): string[][] {
  const rows = markdown
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) =>
      l
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim()),
    );
  return rows.filter((cells, i) => !cells.every((c) => /^:?-+:?$/.test(c)) && !/^:?-+:?$/.test(rows[i + 1]?.[0] ?? ''));
}
