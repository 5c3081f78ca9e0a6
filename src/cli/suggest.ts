/** "did you mean" for names typed on the command line. */

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** `; did you mean 'x'?` for the closest candidate within a small edit distance, else ''. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const g = given.toLowerCase();
    const l = c.toLowerCase();
    // a typo in the beginning of a longer name counts too ('pasword' → 'passwordless')
    const dd = Math.min(distance(g, l), g.length >= 4 ? distance(g, l.slice(0, g.length + 1)) + 1 : Infinity);
    if (dd < bestD) [best, bestD] = [c, dd];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(given.length / 3)) ? `; did you mean '${best}'?` : '';
}
