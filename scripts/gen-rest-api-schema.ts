/** Writes schemas/rest-api-config.schema.json from the zod config schema. Run: `node --import tsx scripts/gen-rest-api-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { restApiConfigJsonSchema } from '../src/sources/rest-api/config-schema.js';

const out = new URL('../schemas/rest-api-config.schema.json', import.meta.url);
writeFileSync(out, JSON.stringify(restApiConfigJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out.pathname}`);
