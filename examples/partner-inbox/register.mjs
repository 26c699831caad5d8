// `node --import ./examples/partner-inbox/register.mjs examples/partner-inbox/main.ts`: runs the example's
// TypeScript on Node 20 without a build step (the loader strips types with @swc/core, as the tests do).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
