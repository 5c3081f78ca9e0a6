/** The dashboard's client script: the page modules concatenated into one IIFE (no bundler, no CDN). */
import { CORE_JS } from './client/core.js';
import { DATA_JS } from './client/data.js';
import { LOADS_JS } from './client/loads.js';
import { OVERVIEW_JS } from './client/overview.js';
import { ROUTER_JS } from './client/router.js';
import { SCHEMA_JS } from './client/schema.js';
import { STATE_JS } from './client/state.js';

export const APP_JS = ['(function () {', CORE_JS, OVERVIEW_JS, LOADS_JS, SCHEMA_JS, DATA_JS, STATE_JS, ROUTER_JS, '})();'].join('\n');
