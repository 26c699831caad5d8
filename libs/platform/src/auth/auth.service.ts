import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { UnauthenticatedError } from '../errors/domain-error.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { apiKeyMatches, apiKeyPrefix, bearerToken } from './api-key-secret.js';
import { type AuthContext } from './auth-context.js';
import { isScope, Scope } from './scope.js';

@Injectable()
export class AuthService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /** Resolves an `Authorization` value to the calling key. Revoked keys stop working at once: no cache. */
  async authenticate(authorization: string | undefined): Promise<AuthContext> {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError();
    const prefix = apiKeyPrefix(token);
    if (!prefix) throw new UnauthenticatedError('The API key is not valid');
    const key = await this.keys.findOne({
      where: { prefix, revokedAt: IsNull() },
      select: { id: true, agencyId: true, scopes: true, secretHash: true },
    });
    if (!key || !apiKeyMatches(token, key.secretHash)) throw new UnauthenticatedError('The API key is not valid');
    const scopes = key.scopes.filter(isScope);
    return {
      keyId: key.id,
      agencyId: key.agencyId,
      scopes,
      isHubAdmin: key.agencyId === null && scopes.includes(Scope.ADMIN),
    };
  }
}
