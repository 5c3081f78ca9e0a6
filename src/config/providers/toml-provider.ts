/**
 * A TOML file as a config provider: `.dlt/secrets.toml` / `.dlt/config.toml` in the project directory
 * and the global ones under `~/.sluice/`. Sections are TOML tables: `[sources.passwordless_source]
 * api_secret = "..."`; a value may itself be a table (`[destination.postgres.credentials] host = ...`).
 * The file is read once, on the first lookup; a missing file is an empty provider.
 */
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { ConfigFileError } from '../config-errors.js';
import { isConfigTable, type ConfigProvider, type ConfigTable, type ProviderHit } from './provider.js';

/** Which of the two files this is: only `secrets` files may hold values requested as secret. */
export type TomlFileKind = 'secrets' | 'config';

/** Bare TOML keys need no quotes; anything else is shown quoted (as the user would write it). */
function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

/** `[sources.passwordless_source] api_secret`, or just `api_secret` at the top level. */
export function tomlLocation(sections: readonly string[], key: string): string {
  return sections.length ? `[${sections.map(tomlKey).join('.')}] ${tomlKey(key)}` : tomlKey(key);
}

/** smol-toml builds null-prototype objects; callers get plain ones (deep-equal friendly). */
function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (isConfigTable(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** Parses TOML text; a syntax error becomes a `ConfigFileError` naming `file`, line and column. */
export function parseTomlFile(text: string, file: string): ConfigTable {
  try {
    return toPlain(parse(text)) as ConfigTable;
  } catch (e) {
    if (e instanceof TomlError) {
      // Only the first line of the message: the rest is a code excerpt that may show secret values. For
      // the same reason the TomlError is not kept as the cause (console.log and --verbose print causes).
      const reason = e.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      throw new ConfigFileError(file, e.line, e.column, reason);
    }
    throw e;
  }
}

export class TomlProvider implements ConfigProvider {
  readonly name: string;
  readonly supportsSecrets: boolean;
  #doc: ConfigTable | undefined;

  /**
   * @param filePath the file to read.
   * @param kind `secrets` or `config`; config files cannot hold secrets.
   * @param name display name; default `filePath`.
   */
  constructor(
    readonly filePath: string,
    readonly kind: TomlFileKind,
    name?: string,
  ) {
    this.name = name ?? filePath;
    this.supportsSecrets = kind === 'secrets';
  }

  /** The parsed document (empty if the file does not exist). Throws `ConfigFileError` if malformed. */
  document(): ConfigTable {
    if (this.#doc) return this.#doc;
    let text: string;
    try {
      text = readFileSync(this.filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return (this.#doc = {});
      throw e;
    }
    return (this.#doc = parseTomlFile(text, this.name));
  }

  describe(sections: readonly string[], key: string): string {
    return tomlLocation(sections, key);
  }

  get(sections: readonly string[], key: string): ProviderHit | undefined {
    let node: unknown = this.document();
    for (const s of sections) {
      if (!isConfigTable(node) || !Object.hasOwn(node, s)) return undefined;
      node = node[s];
    }
    if (!isConfigTable(node) || !Object.hasOwn(node, key)) return undefined;
    return { value: node[key]!, location: tomlLocation(sections, key) };
  }
}
