import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '@tsunagu/platform';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './bootstrap.js';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = configOrExit();
const app = await createApiApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
const port = new URL(await app.getUrl()).port;
const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
app.get(Logger).log(`Tsunagu API listening on http://${host}:${port}/graphql`, 'Bootstrap');
