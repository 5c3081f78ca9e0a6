/** Writes `schemas/pipeline-file.schema.json` (run by `npm run schemas`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineFileJsonSchema } from './pipeline-file-schema.js';

const out = fileURLToPath(new URL('../../../schemas/pipeline-file.schema.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../../../schemas/', import.meta.url)), { recursive: true });
writeFileSync(out, JSON.stringify(pipelineFileJsonSchema(), null, 2) + '\n');
process.stdout.write(`wrote ${out}\n`);
