/**
 * Reads a REST config from JSON or YAML — text or a file path — so configs can live next to the code
 * (`sluice` CLI, `restApiSource('github.yaml')`). The result still goes through validation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../common/errors.js';

/**
 * Parses `pathOrText`: a path to a `.json`, `.yaml` or `.yml` file, or JSON/YAML text (text is recognized
 * by a newline or a leading `{`).
 * @throws ConfigError naming the file and the parse position.
 */
export function loadRestApiConfig(pathOrText: string): unknown {
  const looksLikeText = pathOrText.includes('\n') || /^\s*[{[]/.test(pathOrText);
  let text = pathOrText;
  let where = 'config text';
  if (!looksLikeText) {
    if (!existsSync(pathOrText)) {
      throw new ConfigError(`REST API config file '${pathOrText}' not found (pass a config object, JSON/YAML text, or a path to a .json/.yaml file)`);
    }
    text = readFileSync(pathOrText, 'utf8');
    where = pathOrText;
  }
  try {
    if (/\.json$/i.test(where) || /^\s*[{[]/.test(text)) return JSON.parse(text) as unknown;
    return parseYaml(text) as unknown;
  } catch (e) {
    throw new ConfigError(`${where}: cannot parse as ${/\.json$/i.test(where) || /^\s*[{[]/.test(text) ? 'JSON' : 'YAML'}: ${(e as Error).message}`, { cause: e });
  }
}
