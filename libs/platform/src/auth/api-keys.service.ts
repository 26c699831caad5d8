import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { isPgError, PgErrorCode } from '../database/postgres-errors.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../errors/domain-error.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key-secret.js';
import { type AuthContext } from './auth-context.js';
import { AGENCY_SCOPES, Scope } from './scope.js';

export interface IssueApiKeyCommand {
  agencyId?: string | null;
  scopes: readonly Scope[];
  label?: string | null;
}

export interface IssuedApiKey {
  apiKey: ApiKeyEntity;
  secret: string;
}

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /**
   * Hub admins issue keys for any agency, or other hub-admin keys. An agency's key may issue keys for its
   * own agency with at most its own scopes, so no key can mint a more powerful one.
   */
  async issue(caller: AuthContext, command: IssueApiKeyCommand): Promise<IssuedApiKey> {
    const scopes = [...new Set(command.scopes)];
    const agencyId = command.agencyId ?? (caller.isHubAdmin ? null : caller.agencyId);
    if (!caller.isHubAdmin) {
      if (agencyId !== caller.agencyId) throw new ForbiddenError('An agency may issue keys for itself only');
      const beyond = scopes.filter((scope) => !caller.scopes.includes(scope));
      if (beyond.length > 0) {
        throw new ForbiddenError(`A key cannot grant scopes it does not hold: ${beyond.join(', ')}`, {
          missingScopes: beyond,
        });
      }
    }
    if (agencyId !== null && scopes.includes(Scope.ADMIN)) {
      throw new BadUserInputError('input.scopes', 'The admin scope belongs to hub-admin keys only (omit agencyId)');
    }
    const granted = agencyId === null ? [...new Set([...scopes, Scope.ADMIN])] : scopes;
    return this.insert({ agencyId, scopes: granted, label: command.label ?? null, createdByKeyId: caller.keyId });
  }

  /** Hub admins revoke any key; an agency revokes its own keys whose scopes it holds itself. */
  async revoke(caller: AuthContext, id: string): Promise<ApiKeyEntity> {
    const where = caller.isHubAdmin ? { id } : caller.agencyId ? { id, agencyId: caller.agencyId } : null;
    const key = where ? await this.keys.findOneBy(where) : null;
    if (!key) throw new NotFoundError('ApiKey', { id });
    if (!caller.isHubAdmin && key.id !== caller.keyId) {
      const beyond = key.scopes.filter((scope) => !caller.scopes.includes(scope as Scope));
      if (beyond.length > 0) {
        throw new ForbiddenError('A key cannot revoke a key with scopes it does not hold itself', {
          missingScopes: beyond,
        });
      }
    }
    if (key.revokedAt) return key;
    key.revokedAt = new Date();
    return this.keys.save(key);
  }

  /**
   * Makes the configured `HUB_ADMIN_KEY` a working hub-admin key. Refuses a key whose prefix is taken by a
   * different secret rather than silently replacing it.
   */
  async ensureConfiguredHubAdminKey(secret: string): Promise<void> {
    const prefix = apiKeyPrefix(secret);
    if (!prefix) throw new Error('HUB_ADMIN_KEY is not a well-formed key');
    // Insert-or-ignore, then check: several instances may start with the same key at the same moment.
    await this.keys
      .createQueryBuilder()
      .insert()
      .into(ApiKeyEntity)
      .values({ agencyId: null, prefix, secretHash: hashApiKey(secret), scopes: [Scope.ADMIN], label: 'HUB_ADMIN_KEY' })
      .orIgnore()
      .execute();
    const stored = await this.keys.findOneOrFail({
      where: { prefix },
      select: { id: true, secretHash: true, revokedAt: true },
    });
    if (!apiKeyMatches(secret, stored.secretHash)) {
      throw new Error('HUB_ADMIN_KEY clashes with another key of the same prefix; generate a new one');
    }
    if (stored.revokedAt) throw new Error('HUB_ADMIN_KEY has been revoked; configure a new one');
  }

  /**
   * Demo mode: revokes the previous demo keys and issues fresh ones (a hub-admin key and one per agency),
   * so the keys printed at start-up are always the working ones and no secret is kept anywhere.
   */
  async rotateDemoKeys(
    agencies: { id: string; code: string }[],
  ): Promise<{ label: string; agencyId: string | null; secret: string }[]> {
    return this.keys.manager.transaction(async (manager) => {
      const repository = manager.getRepository(ApiKeyEntity);
      await repository.update({ isDemo: true, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
      const issued: { label: string; agencyId: string | null; secret: string }[] = [];
      const admin = await this.insert(
        { agencyId: null, scopes: [Scope.ADMIN], label: 'demo hub admin', isDemo: true },
        repository,
      );
      issued.push({ label: 'hub admin', agencyId: null, secret: admin.secret });
      for (const agency of agencies) {
        const key = await this.insert(
          { agencyId: agency.id, scopes: [...AGENCY_SCOPES], label: `demo ${agency.code}`, isDemo: true },
          repository,
        );
        issued.push({ label: agency.code, agencyId: agency.id, secret: key.secret });
      }
      return issued;
    });
  }

  async findByIds(ids: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.keys.findBy({ id: In([...ids]) });
  }

  private async insert(
    values: Pick<ApiKeyEntity, 'agencyId' | 'scopes' | 'label'> &
      Partial<Pick<ApiKeyEntity, 'isDemo' | 'createdByKeyId'>>,
    repository: Repository<ApiKeyEntity> = this.keys,
  ): Promise<IssuedApiKey> {
    const generated = generateApiKey();
    try {
      const apiKey = await repository.save(
        repository.create({ ...values, prefix: generated.prefix, secretHash: generated.hash }),
      );
      return { apiKey, secret: generated.secret };
    } catch (error) {
      if (isPgError(error, PgErrorCode.FOREIGN_KEY_VIOLATION, 'fk_api_key_agency')) {
        throw new NotFoundError('Agency', { field: 'input.agencyId' });
      }
      if (isPgError(error, PgErrorCode.UNIQUE_VIOLATION, 'uq_api_key_prefix')) {
        throw new ConflictError('Key prefix collision; try again');
      }
      throw error;
    }
  }
}
