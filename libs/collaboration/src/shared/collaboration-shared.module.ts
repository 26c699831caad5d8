import { Global, Module } from '@nestjs/common';
import { EcomapSources } from './ecomap-sources.js';

/** What the collaboration modules share: the ecomap's source registry. */
@Global()
@Module({ providers: [EcomapSources], exports: [EcomapSources] })
export class CollaborationSharedModule {}
