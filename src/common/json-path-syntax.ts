/**
 * Syntax check of a JSONPath, so a bad path in a config fails when the source is built (as dlt's
 * `jsonpath_ng.parse`) instead of jsonpath-plus reading it loosely at run time (it takes `items[` as
 * `items` and `a..` as every value under `a`). The grammar is what json-path.ts evaluates: an optional
 * root (`$`, `@`), names (`a.b`, `a-b`), `*`, `..` descent, and brackets holding `*`, an index, a slice,
 * quoted names, a comma list of those, or a `?(...)` / `(...)` script.
 */

import { ConfigError } from './errors.js';

const NAME = /^[\p{L}\p{N}_$@-]+/u;
const BRACKET_ITEM = /^(?:\*|-?\d*:-?\d*(?::-?\d*)?|-?\d+)/;

/** What is wrong with `path` as a JSONPath, or `undefined` when it is valid. */
export function jsonPathProblem(path: string): string | undefined {
  const s = path.trim();
  if (s === '') return 'it is empty';
  let i = 0;
  const at = () => `at position ${i + 1}`;
  /** Reads a quoted name starting at `i`; returns a problem or undefined. */
  const quoted = (): string | undefined => {
    const q = s[i]!;
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === q) {
        i = j + 1;
        return undefined;
      }
    }
    return `unterminated ${q === '"' ? 'double' : 'single'}-quoted name ${at()}`;
  };
  /** Reads `(...)` with nested parens and quoted strings; returns a problem or undefined. */
  const script = (): string | undefined => {
    const start = i;
    let depth = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"' || c === "'") {
        const p = quoted();
        if (p) return p;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        i++;
        return undefined;
      }
      i++;
    }
    i = start;
    return `unclosed '(' ${at()}`;
  };
  /** Reads `[...]` starting at `i`; returns a problem or undefined. */
  const bracket = (): string | undefined => {
    const open = i;
    i++;
    const skipSpace = () => {
      while (s[i] === ' ') i++;
    };
    skipSpace();
    if (s[i] === '?' || s[i] === '(') {
      if (s[i] === '?') i++;
      if (s[i] !== '(') return `expected '(' after '?' ${at()}`;
      const p = script();
      if (p) return p;
      skipSpace();
    } else {
      for (;;) {
        skipSpace();
        const c = s[i];
        if (c === undefined) break;
        if (c === '"' || c === "'") {
          const p = quoted();
          if (p) return p;
        } else {
          const m = BRACKET_ITEM.exec(s.slice(i));
          if (!m || m[0] === '') return c === ']' ? `empty brackets ${at()}` : `unexpected ${JSON.stringify(c)} inside brackets ${at()}`;
          i += m[0].length;
        }
        skipSpace();
        if (s[i] !== ',') break;
        i++;
      }
    }
    if (s[i] !== ']') {
      if (i >= s.length) {
        i = open;
        return `unclosed '[' ${at()}`;
      }
      return `expected ']' ${at()}, got ${JSON.stringify(s[i])}`;
    }
    i++;
    return undefined;
  };
  /** Reads one step after a '.', '..' or at the start: a name, `*` or a bracket. */
  const step = (after: string): string | undefined => {
    if (s[i] === '*') {
      i++;
      return undefined;
    }
    if (s[i] === '[') return bracket();
    const m = NAME.exec(s.slice(i));
    if (m) {
      i += m[0].length;
      return undefined;
    }
    if (i >= s.length) return `it ends with '${after}'; a name, '*' or '[' must follow`;
    return `unexpected ${JSON.stringify(s[i])} ${at()}${after ? ` after '${after}'` : ''}`;
  };

  // `$` / `@` alone or before `.`/`[` is the root; `$ref` is a name
  if ((s[0] === '$' || s[0] === '@') && !NAME.test(s.slice(1))) i = 1;
  if (i === 0) {
    const p = step('');
    if (p) return p;
  }
  while (i < s.length) {
    const c = s[i]!;
    let p: string | undefined;
    if (c === '[') p = bracket();
    else if (c === '.') {
      const descent = s[i + 1] === '.';
      i += descent ? 2 : 1;
      p = step(descent ? '..' : '.');
    } else if (c === ']') p = `unbalanced ']' ${at()}`;
    else p = `unexpected ${JSON.stringify(c)} ${at()}; separate names with '.' or quote them as ['...']`;
    if (p) return p;
  }
  return undefined;
}

/** `"<path>" is not a valid JSONPath: <problem>` for an invalid path, `undefined` for a valid one: the one wording of every check. */
export function invalidJsonPath(path: string): string | undefined {
  const problem = jsonPathProblem(path);
  return problem === undefined ? undefined : `${JSON.stringify(path)} is not a valid JSONPath: ${problem}`;
}

/**
 * Throws a ConfigError naming `what` (e.g. `paginator: next_url_path`) when `path` is not a valid
 * JSONPath; for objects made in code, which no config schema checks.
 */
export function assertJsonPath(path: string, what: string): void {
  const invalid = invalidJsonPath(path);
  if (invalid !== undefined) throw new ConfigError(`${what}: ${invalid}`);
}
