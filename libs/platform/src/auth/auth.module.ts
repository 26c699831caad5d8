import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthService } from './auth.service.js';
import { RateLimits } from '../security/rate-limits.js';
import { SessionStore } from './staff/session-store.js';
import { StaffAuthService } from './staff/staff-auth.service.js';
import { StaffMemberEntity, StaffTokenEntity } from './staff/staff-member.entity.js';
import { StaffResolver } from './staff/staff.resolver.js';
import { StaffSessionController } from './staff/staff-session.controller.js';
import { StaffService } from './staff/staff.service.js';

export const AUTH_RESOLVERS = [ApiKeysResolver, StaffResolver];

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, StaffMemberEntity, StaffTokenEntity])],
  controllers: [StaffSessionController],
  providers: [
    AuthService,
    ApiKeysService,
    ApiKeyGuard,
    RateLimits,
    SessionStore,
    StaffService,
    StaffAuthService,
    ...AUTH_RESOLVERS,
  ],
  exports: [AuthService, ApiKeysService, ApiKeyGuard, RateLimits, StaffService, StaffAuthService],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** The first hub-admin key comes from configuration. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HUB_ADMIN_KEY) await this.apiKeys.ensureConfiguredHubAdminKey(this.config.HUB_ADMIN_KEY);
  }
}
