/**
 * dlt's default `snake_case` naming convention, reproduced exactly (reference/dlt-model.md §6), plus
 * dlt's identifier shortening: names over the destination's limit are cut in the middle and tagged with
 * a 4-byte shake_128 hash of the original name, so `sluice` and `dlt` produce the same identifiers.
 */
import { createHash } from 'node:crypto';

/** Separator for flattened columns and child tables. */
export const PATH_SEPARATOR = '__';

const REDUCE: Record<string, string> = { '+': 'x', '-': '_', '*': 'x', '@': 'a', '|': 'l' };
const RE_REDUCE = /[+\-*@|]/g;
// Python's `\d` (dlt's regexes) matches every Unicode decimal digit (category Nd), not only 0-9.
const RE_NON_ALNUM = /[^a-zA-Z\p{Nd}_]+/gu;
const RE_LEADING_DIGIT = /^\p{Nd}/u;
/**
 * Python's `str.strip()` whitespace (`str.isspace`): JavaScript's `\s` without U+FEFF, plus the
 * separators U+001C–U+001F and U+0085, which `String.prototype.trim` keeps.
 */
const RE_PY_STRIP = /^[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
const RE_NON_ASCII = /[^\x00-\x7f]/;

/** `s.strip()` as Python does it (dlt strips keys and identifiers with it). */
export function pyStrip(s: string): string {
  return s.replace(RE_PY_STRIP, '');
}
const RE_BREAK_1 = /([^_])([A-Z][a-z]+)/g;
const RE_BREAK_2 = /([a-z0-9])([A-Z])/g;
const RE_UNDERSCORES = /__+/g;
const RE_TRAILING = /_+$/;

/** The dlt tag for an over-long identifier: base64(shake_128(identifier, 4 bytes)), `/+` → `ab`, lower case. */
export function identifierTag(identifier: string): string {
  return createHash('shake128', { outputLength: 4 })
    .update(identifier, 'utf8')
    .digest('base64')
    .replace(/=+$/, '')
    .replace(/\//g, 'a')
    .replace(/\+/g, 'b')
    .toLowerCase();
}

/** Shortens `normalized` to `maxLength` with dlt's middle tag computed from `original`. */
export function shortenIdentifier(normalized: string, original: string, maxLength: number | undefined): string {
  if (!maxLength || normalized.length <= maxLength) return normalized;
  // Python counts and slices code points; a name with non-ASCII digits (some outside the BMP) is cut the same way.
  const chars: string | string[] = RE_NON_ASCII.test(normalized) ? Array.from(normalized) : normalized;
  if (chars.length <= maxLength) return normalized;
  const tag = identifierTag(original);
  const remaining = maxLength - tag.length;
  const head = Math.floor(remaining / 2) + (remaining % 2);
  const tail = Math.floor(remaining / 2);
  if (typeof chars !== 'string') return chars.slice(0, head).join('') + tag + chars.slice(chars.length - tail).join('');
  return normalized.slice(0, head) + tag + normalized.slice(normalized.length - tail);
}

function toSnakeCase(ident: string): string {
  let s = ident.replace(RE_BREAK_1, '$1_$2').replace(RE_BREAK_2, '$1_$2').toLowerCase();
  if (RE_LEADING_DIGIT.test(s)) s = '_' + s;
  const m = RE_TRAILING.exec(s);
  if (m) s = s.slice(0, m.index) + 'x'.repeat(m[0].length);
  return s.replace(RE_UNDERSCORES, '_');
}

/** A naming convention bound to a maximum identifier length. Results are cached (names repeat a lot). */
export class SnakeCaseNaming {
  readonly name = 'snake_case';
  readonly #identCache = new Map<string, string>();
  readonly #pathCache = new Map<string, string>();
  /** @param maxLength the destination's identifier limit (postgres 63); undefined = unlimited. */
  constructor(readonly maxLength?: number) {}

  /** Normalizes one identifier (no path splitting). Empty/whitespace names raise. */
  normalizeIdentifier(identifier: string): string {
    let r = this.#identCache.get(identifier);
    if (r !== undefined) return r;
    const stripped = pyStrip(identifier);
    if (!stripped) throw new Error(`cannot normalize an empty identifier ${JSON.stringify(identifier)}`);
    const reduced = stripped.replace(RE_REDUCE, (c) => REDUCE[c]!).replace(RE_NON_ALNUM, '_');
    r = shortenIdentifier(toSnakeCase(reduced), stripped, this.maxLength);
    if (this.#identCache.size > 50_000) this.#identCache.clear();
    this.#identCache.set(identifier, r);
    return r;
  }

  /** Splits on `__`, normalizes each part, joins and shortens the whole path (dlt `normalize_path`). */
  normalizePath(path: string): string {
    let r = this.#pathCache.get(path);
    if (r !== undefined) return r;
    const parts = path.split(PATH_SEPARATOR).filter((p) => pyStrip(p));
    if (!parts.length) throw new Error(`cannot normalize an empty identifier ${JSON.stringify(path)} (nothing is left once split on '__')`);
    r = shortenIdentifier(parts.map((p) => this.normalizeIdentifier(p)).join(PATH_SEPARATOR), path, this.maxLength);
    if (this.#pathCache.size > 50_000) this.#pathCache.clear();
    this.#pathCache.set(path, r);
    return r;
  }

  /**
   * Joins already-normalized fragments and shortens the result, the tag computed from the joined
   * fragments (dlt `shorten_fragments`). For nested columns and child tables pass the fragments
   * unshortened ({@link joinPath}), as dlt does: shortening a prefix first and then the whole gives
   * another name.
   */
  makePath(...normalized: string[]): string {
    const p = normalized.filter((x) => pyStrip(x)).join(PATH_SEPARATOR);
    return shortenIdentifier(p, p, this.maxLength);
  }

  /** Joins normalized fragments without shortening (dlt `make_path`): the full path that {@link makePath} would shorten. */
  joinPath(...normalized: string[]): string {
    return normalized.filter((x) => pyStrip(x)).join(PATH_SEPARATOR);
  }
}
