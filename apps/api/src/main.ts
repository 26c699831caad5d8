import 'reflect-metadata';
import { loadConfigOrExit } from '@tsunagu/platform';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './bootstrap.js';

const config = loadConfigOrExit();
const app = await createApiApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
const port = new URL(await app.getUrl()).port;
const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
app.get(Logger).log(`Tsunagu API listening on http://${host}:${port}/graphql`, 'Bootstrap');
