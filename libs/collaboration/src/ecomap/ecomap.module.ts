import { Module, type OnModuleInit } from '@nestjs/common';
import { ConsentModule } from '@tsunagu/consent';
import { EcomapSources } from '../shared/ecomap-sources.js';
import { HearingModule } from '../hearing/hearing.module.js';
import { EcomapResolver } from './ecomap.resolver.js';
import { EcomapService } from './ecomap.service.js';
import { ReferralAgenciesSource } from './referral-agencies.source.js';

/** The ecomap (エコマップ): the person's relations from every registered source, laid out and drawn as SVG. */
@Module({
  imports: [ConsentModule, HearingModule],
  providers: [EcomapService, EcomapResolver],
  exports: [EcomapService],
})
export class EcomapModule implements OnModuleInit {
  constructor(private readonly sources: EcomapSources) {}

  onModuleInit(): void {
    this.sources.register(new ReferralAgenciesSource());
  }
}
