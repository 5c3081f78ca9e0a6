/** "Did you mean …?" hints for misspelt type names and option keys (DESIGN.md contract 4). */

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** `; did you mean 'page_number'?` for the closest candidate (ignoring case, `_` and `-`), or ''. */
export function didYouMean(given: string, candidates: Iterable<string>): string {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const g = norm(given);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(g, norm(c));
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(g.length / 3)) ? `; did you mean '${best}'?` : '';
}
