/** "Did you mean" suggestions (DESIGN.md contract 4): config keys and types, CLI names, write dispositions. */

/** Damerau-Levenshtein (optimal string alignment) distance, case-insensitive, `-`/`_` treated alike. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase().replace(/-/g, '_');
  const t = b.toLowerCase().replace(/-/g, '_');
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate nearest to `word`, if it is close enough to be a plausible typo: within a third of the
 * word's length (at least 2 edits), or equal after dropping `_`/`-`, or one contains the other.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.trim();
  if (!w) return undefined;
  const squash = (x: string) => x.toLowerCase().replace(/[_\-\s]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (squash(c) === squash(w)) return c;
    let d = editDistance(w, c);
    // 'pasword' → 'passwordless': a typo in the beginning of a longer name counts as one edit more.
    if (w.length >= 4 && c.length > w.length + 1) d = Math.min(d, editDistance(w, c.slice(0, w.length + 1)) + 1);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  if (/[^\w-]/.test(w)) {
    // 'bearer, http_basic' → 'bearer': the first candidate that appears as a whole word in the input.
    const words = w.toLowerCase().split(/[^a-z0-9_]+/);
    const hit = words.map((x) => [...candidates].find((c) => c.toLowerCase() === x)).find(Boolean);
    if (hit) return hit;
  }
  const limit = Math.max(2, Math.ceil(Math.max(w.length, best.length) * 0.4));
  if (bestD <= limit) return best;
  const lw = w.toLowerCase();
  // 'cursor' → 'cursor_path', 'maximum' → 'max': one is a prefix of the other.
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (Math.min(lc.length, lw.length) >= 3 && (lc.startsWith(lw) || lw.startsWith(lc))) return c;
  }
  // 'api_secret' → 'api_key': same first word.
  const head = lw.split(/[_-]/)[0]!;
  if (head.length >= 3 && head !== lw) {
    const same = [...candidates].filter((c) => c.toLowerCase().split(/[_-]/)[0] === head);
    if (same.length === 1) return same[0];
  }
  // 'bearer, http_basic' → 'bearer': a candidate that appears as a whole word in the input.
  const words = w.toLowerCase().split(/[^a-z0-9_]+/);
  for (const c of candidates) if (words.includes(c.toLowerCase())) return c;
  return undefined;
}

/** `; did you mean 'x'?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates);
  return n && n !== word ? `; did you mean '${n}'?` : '';
}
