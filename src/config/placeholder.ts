/**
 * The placeholder `sluice init` writes into `.dlt/secrets.toml` and `.dlt/config.toml` for every value the
 * user still has to fill in (the same marker dlt uses, so files written by `dlt init` behave the same).
 * A value equal to it is reported with a warning and treated as missing.
 */
export const CONFIG_PLACEHOLDER = '<configure me>';

/** True if `value` is the init placeholder (surrounding whitespace and letter case ignored). */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === CONFIG_PLACEHOLDER;
}
