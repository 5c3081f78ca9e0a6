/**
 * "Did you mean" suggestions (DESIGN.md contract 4): config keys and types, CLI names, write dispositions.
 *
 * A suggestion is offered only for a plausible typo. The rule is Python's `difflib.get_close_matches`
 * with its default cutoff 0.6 — what dlt users see from Python's own suggestions (argparse's
 * `suggest_on_error`) — compared case-insensitively with `-` and `_` alike, with a longer name that
 * starts with the same letter scored also by its beginning (`pasword` is closest to `passwordless`, not
 * `_1password`), plus three shapes of near-miss it scores too low: a prefix of the other name (`cursor`
 * → `cursor_path`, `ascending` → `asc`), the same first word when only one candidate has it
 * (`api_secret` → `api_key`), and a list naming a candidate (`bearer, http_basic` → `bearer`). A far-off
 * name (`nope` for `passwordless_demo` or `propel_auth_demo`) gets no suggestion.
 */

/** The similarity cutoff of `difflib.get_close_matches`: below it a name is not a plausible typo. */
export const CUTOFF = 0.6;

const norm = (x: string) => x.toLowerCase().replace(/-/g, '_');
const squash = (x: string) => x.toLowerCase().replace(/[_\-\s]/g, '');

/** Characters in the matching blocks of `a` and `b`, found as difflib's `SequenceMatcher` does. */
function matched(a: string, b: string): number {
  let bi = 0;
  let bj = 0;
  let bk = 0;
  // Longest common block, earliest in a, then earliest in b (difflib's find_longest_match without junk).
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      const k = prev[j - 1]! + 1;
      cur[j] = k;
      if (k > bk) [bi, bj, bk] = [i - k, j - k, k];
    }
    prev = cur;
  }
  if (bk === 0) return 0;
  return bk + matched(a.slice(0, bi), b.slice(0, bj)) + matched(a.slice(bi + bk), b.slice(bj + bk));
}

/** difflib's `SequenceMatcher.ratio()`: 2·matches / total length, in [0, 1]; case-insensitive, `-`/`_` alike. */
export function similarity(a: string, b: string): number {
  const s = norm(a);
  const t = norm(b);
  return s.length + t.length === 0 ? 1 : (2 * matched(s, t)) / (s.length + t.length);
}

/** The candidate `word` most plausibly is a typo of (see the module comment), or undefined. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.trim();
  if (!w) return undefined;
  const all = [...candidates];
  let best: string | undefined;
  let bestScore = CUTOFF;
  for (const c of all) {
    if (squash(c) === squash(w)) return c;
    let score = similarity(w, c);
    // 'pasword' → 'passwordless' (not '_1password'): a mistyped beginning of a longer name. It must
    // start as the name does, or 'nope' would be the beginning 'prope' of 'propel_auth_demo'.
    if (w.length >= 4 && c.length > w.length + 1 && norm(c)[0] === norm(w)[0]) {
      score = Math.max(score, similarity(w, c.slice(0, w.length + 1)));
    }
    if (score >= bestScore && (best === undefined || score > bestScore)) {
      bestScore = score;
      best = c;
    }
  }
  const lw = w.toLowerCase();
  // 'bearer, http_basic' → 'bearer': the first candidate that appears as a whole word in a list.
  if (/[^\w-]/.test(w)) {
    const words = lw.split(/[^a-z0-9_]+/);
    const hit = words.map((x) => all.find((c) => c.toLowerCase() === x)).find(Boolean);
    if (hit) return hit;
  }
  if (best !== undefined) return best;
  // 'cursor' → 'cursor_path', 'ascending' → 'asc': one is a prefix of the other.
  for (const c of all) {
    const lc = c.toLowerCase();
    if (Math.min(lc.length, lw.length) >= 3 && (lc.startsWith(lw) || lw.startsWith(lc))) return c;
  }
  // 'api_secret' → 'api_key': same first word, when only one candidate has it.
  const head = lw.split(/[_-]/)[0]!;
  if (head.length >= 3 && head !== lw) {
    const same = all.filter((c) => c.toLowerCase().split(/[_-]/)[0] === head);
    if (same.length === 1) return same[0];
  }
  return undefined;
}

/** `; did you mean 'x'?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates);
  return n && n !== word ? `; did you mean '${n}'?` : '';
}
