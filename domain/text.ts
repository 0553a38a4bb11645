/**
 * PostgreSQL text and jsonb cannot hold U+0000. A message carrying one would make its event unwritable and stall a
 * batch's persistence, so it is refused at the edge (API and signal validation) and scrubbed from what is audited.
 */
export function nulPath(value: unknown, path: (string | number)[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k].join('.');
      const found = nulPath(v, [...path, k]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A copy with every U+0000 replaced by U+FFFD, for recording a refused message. */
export function scrubNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(scrubNul);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubNul(k) as string, scrubNul(v)]));
  return value;
}
