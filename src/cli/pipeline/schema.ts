/** `sluice pipeline <name> schema [--format yaml|json|mermaid] [--remove-defaults]`: the default schema (or `--schema-name`). */
import type { Pipeline } from '../../pipeline/pipeline.js';
import { typedColumns, type Schema } from '../../schema/schema.js';
import YAML from 'yaml';
import { removeDefaults as withoutDefaults } from '../../schema/remove-defaults.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

export const SCHEMA_FORMATS = ['yaml', 'json', 'mermaid'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

const safe = (s: string) => s.replace(/[^\w-]/g, '_');

/**
 * A Mermaid `erDiagram`: every data table with its columns (type, PK for primary keys, `_dlt_id` as the
 * row key), and one `parent ||--o{ child` link per child table (joined on `_dlt_parent_id`).
 */
export function schemaToMermaid(schema: Schema, includeSystem = false): string {
  const tables = Object.values(schema.tables).filter((t) => includeSystem || !t.name.startsWith('_dlt'));
  const lines = ['erDiagram'];
  for (const t of tables) {
    const cols = typedColumns(t);
    lines.push(`  ${safe(t.name)} {`);
    for (const c of cols) {
      const keys = [c.primary_key ? 'PK' : c.row_key ? 'UK' : '', c.parent_key ? 'FK' : ''].filter(Boolean).join(', ');
      lines.push(`    ${c.data_type} ${safe(c.name)}${keys ? ' ' + keys : ''}`);
    }
    lines.push('  }');
  }
  for (const t of tables) if (t.parent) lines.push(`  ${safe(t.parent)} ||--o{ ${safe(t.name)} : "_dlt_parent_id"`);
  return lines.join('\n');
}

function pickSchema(p: Pipeline, name: string | undefined): Schema {
  const schema = name ? p.schemas.get(name) : p.defaultSchema;
  if (!schema) {
    const names = [...p.schemas.keys()];
    throw new UsageError(name ? `schema '${name}' not found in pipeline ${p.pipelineName} (schemas: ${names.join(', ') || 'none'})` : `pipeline ${p.pipelineName} has no schema yet (run it first)`);
  }
  return schema;
}

/**
 * Prints a schema in `format`; `removeDefaults` leaves out names and default hints (dlt's
 * `--remove-defaults`), for yaml, json and `--json` alike.
 */
export function printSchema(ctx: CliContext, p: Pipeline, format: string, schemaName?: string, removeDefaults = false): void {
  if (!(SCHEMA_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: expected one of ${SCHEMA_FORMATS.join(', ')}, got '${format}'`);
  const schema = pickSchema(p, schemaName);
  const stored = removeDefaults ? withoutDefaults(schema.toStored()) : schema.toStored();
  if (ctx.json) return ctx.result(stored);
  const text = format === 'mermaid' ? schemaToMermaid(schema) : format === 'json' ? JSON.stringify(stored, null, 2) : YAML.stringify(stored);
  ctx.print(text.replace(/\n$/, ''));
}
