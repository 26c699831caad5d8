import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  APP_CONFIG,
  BadUserInputError,
  ConflictError,
  cursorAfter,
  ForbiddenError,
  NotFoundError,
  sealSecret,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { type DeliveryFilter, type RegisterWebhookInput, type UpdateWebhookInput } from './dto/webhook.input.js';
import { type WebhookAttempt } from './dto/webhook.model.js';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity.js';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './entities/webhook-delivery.entity.js';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity.js';
import { WebhookJobProducer } from './webhook-job-producer.js';
import { normaliseEventPatterns, parseWebhookUrl, WebhookUrlProblem } from './webhook-rules.js';
import { generateSigningSecret } from './webhook-signature.js';
import { WebhookTargetGuard } from './webhook-target.js';

export interface RegisteredWebhookResult {
  webhook: WebhookEndpointEntity;
  signingSecret: string;
}

/** What a disabled endpoint's row says when the agency itself paused it. */
export const DISABLED_BY_AGENCY = 'disabled by the agency';

/**
 * An agency's webhook endpoints and its deliveries' log (the API side; the worker delivers). Every method
 * takes the caller, and reads and writes the caller's agency's rows only: another agency's are NOT_FOUND.
 */
@Injectable()
export class WebhooksService {
  private readonly guard: WebhookTargetGuard;

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(WebhookEndpointEntity) private readonly endpoints: Repository<WebhookEndpointEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(WebhookAttemptEntity) private readonly attempts: Repository<WebhookAttemptEntity>,
    private readonly jobs: WebhookJobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.guard = new WebhookTargetGuard(config.WEBHOOK_ALLOWED_PRIVATE_NETWORKS);
  }

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  list(caller: AuthContext): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.find({
      where: { agencyId: agencyOf(caller) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async register(caller: AuthContext, input: RegisterWebhookInput): Promise<RegisteredWebhookResult> {
    const agencyId = agencyOf(caller);
    const events = normaliseEventPatterns(input.events, 'input.events');
    const url = await this.checkedUrl(input.url, 'input.url');
    const id = randomUUID();
    const signingSecret = generateSigningSecret();
    await this.endpoints.insert({
      id,
      agencyId,
      url,
      events,
      description: blankToNull(input.description),
      secretCiphertext: sealSecret(this.config.SECRETS_KEY, signingSecret, id),
      createdByKeyId: caller.keyId,
    });
    return { webhook: await this.endpoints.findOneByOrFail({ id }), signingSecret };
  }

  /** Changes the fields given. Enabling a disabled endpoint clears why it was disabled and its dead-letter count. */
  async update(caller: AuthContext, id: string, input: UpdateWebhookInput): Promise<WebhookEndpointEntity> {
    const agencyId = agencyOf(caller);
    const events = input.events != null ? normaliseEventPatterns(input.events, 'input.events') : undefined;
    const url = input.url != null ? await this.checkedUrl(input.url, 'input.url') : undefined;
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.lockEndpoint(manager, agencyId, id);
      const changes: Partial<WebhookEndpointEntity> = {};
      if (url !== undefined) changes.url = url;
      if (events !== undefined) changes.events = events;
      if (input.description !== undefined) changes.description = blankToNull(input.description);
      if (input.enabled === true && !endpoint.enabled) {
        Object.assign(changes, { enabled: true, disabledAt: null, disabledReason: null, consecutiveDeadLetters: 0 });
      } else if (input.enabled === false && endpoint.enabled) {
        Object.assign(changes, { enabled: false, disabledAt: new Date(), disabledReason: DISABLED_BY_AGENCY });
      }
      if (Object.keys(changes).length > 0) await this.touch(manager, id, changes);
      return manager.findOneByOrFail(WebhookEndpointEntity, { id });
    });
  }

  /** A new signing secret, at once: every attempt from now on (retries of earlier deliveries too) is signed with it. */
  async rotateSecret(caller: AuthContext, id: string): Promise<RegisteredWebhookResult> {
    const agencyId = agencyOf(caller);
    const signingSecret = generateSigningSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      await this.lockEndpoint(manager, agencyId, id);
      await this.touch(manager, id, { secretCiphertext: sealSecret(this.config.SECRETS_KEY, signingSecret, id) });
      return manager.findOneByOrFail(WebhookEndpointEntity, { id });
    });
    return { webhook, signingSecret };
  }

  /** The caller's deliveries, newest first. */
  async listDeliveries(
    caller: AuthContext,
    filter: DeliveryFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<WebhookDeliveryEntity>> {
    const agencyId = agencyOf(caller);
    if (filter?.endpointId) {
      const own = await this.endpoints.existsBy({ id: filter.endpointId, agencyId });
      if (!own) throw new NotFoundError('WebhookEndpoint', { id: filter.endpointId, field: 'filter.endpointId' });
    }
    const query = this.deliveries.createQueryBuilder('delivery').where('delivery.agency_id = :agencyId', { agencyId });
    if (filter?.endpointId) query.andWhere('delivery.endpoint_id = :endpointId', { endpointId: filter.endpointId });
    if (filter?.status) query.andWhere('delivery.status = :status', { status: filter.status });
    if (filter?.eventType) query.andWhere('delivery.event_type = :eventType', { eventType: filter.eventType });
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['timestamp', 'uuid']);
    if (after) {
      const [createdAt, id] = after;
      query.andWhere('(delivery.created_at, delivery.id) < (:createdAt, :id)', { createdAt: new Date(createdAt), id });
    }
    const rows = await query
      .orderBy('delivery.created_at', 'DESC')
      .addOrderBy('delivery.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.createdAt.toISOString(), row.id]);
  }

  /**
   * Starts a delivery again with a fresh retry budget: a dead-lettered one (or a succeeded one the partner
   * lost). One transaction holds the row lock while the job is added, so two redeliveries cannot both start
   * and a job refused by Redis leaves the delivery as it was.
   */
  async redeliver(caller: AuthContext, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const agencyId = agencyOf(caller);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<
        { status: WebhookDeliveryStatus; redeliveries: number; endpoint_id: string; enabled: boolean }[]
      >(
        `SELECT delivery."status", delivery."redeliveries", delivery."endpoint_id", endpoint."enabled"
           FROM "webhook_delivery" delivery
           JOIN "webhook_endpoint" endpoint ON endpoint."id" = delivery."endpoint_id"
          WHERE delivery."id" = $1 AND delivery."agency_id" = $2
            FOR UPDATE OF delivery`,
        [deliveryId, agencyId],
      );
      if (!row) throw new NotFoundError('WebhookDelivery', { id: deliveryId });
      if (
        row.status === WebhookDeliveryStatus.PENDING &&
        (await this.jobs.inFlight({ deliveryId, redelivery: row.redeliveries }))
      ) {
        throw new ConflictError('The delivery is still being attempted', { reason: 'DELIVERY_PENDING' });
      }
      if (!row.enabled) {
        throw new ConflictError('The endpoint is disabled: enable it with updateWebhook first', {
          reason: 'ENDPOINT_DISABLED',
          endpointId: row.endpoint_id,
        });
      }
      const redelivery = row.redeliveries + 1;
      await manager.query(
        `UPDATE "webhook_delivery"
            SET "status" = 'PENDING', "redeliveries" = $2, "next_attempt_at" = now(),
                "delivered_at" = NULL, "dead_lettered_at" = NULL
          WHERE "id" = $1`,
        [deliveryId, redelivery],
      );
      await this.jobs.enqueue({ deliveryId, redelivery });
      return manager.findOneByOrFail(WebhookDeliveryEntity, { id: deliveryId });
    });
  }

  /** Endpoints by id, in the order asked (for the deliveries' `endpoint`), the caller's only. */
  async endpointsByIds(caller: AuthContext, ids: readonly string[]): Promise<(WebhookEndpointEntity | null)[]> {
    const rows = await this.endpoints.findBy({ id: In([...ids]), agencyId: agencyOf(caller) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Each delivery's attempts, oldest first (for the deliveries' `attemptLog`). */
  async attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttempt[][]> {
    const rows = await this.attempts.find({
      where: { deliveryId: In([...deliveryIds]) },
      order: { deliveryId: 'ASC', number: 'ASC' },
    });
    const byDelivery = new Map<string, WebhookAttempt[]>(deliveryIds.map((id) => [id, []]));
    for (const row of rows) {
      byDelivery.get(row.deliveryId)?.push({
        number: row.number,
        at: row.startedAt,
        state: row.state,
        succeeded: row.succeeded,
        statusCode: row.statusCode,
        latencyMs: row.latencyMs,
        error: row.error,
      });
    }
    return deliveryIds.map((id) => byDelivery.get(id) ?? []);
  }

  /** The URL's form, then its host: resolved, and refused when any address is not public (SSRF guard). */
  private async checkedUrl(value: string, field: string): Promise<string> {
    const url = parseWebhookUrl(value, field);
    const refusal = await this.guard.checkHost(url.hostname);
    if (refusal) {
      const problem =
        refusal.reason === 'URL_UNRESOLVABLE' ? WebhookUrlProblem.URL_UNRESOLVABLE : WebhookUrlProblem.URL_NOT_PUBLIC;
      const why =
        problem === WebhookUrlProblem.URL_UNRESOLVABLE
          ? `${refusal.message}`
          : `${refusal.message}; webhooks may only reach public addresses`;
      throw new BadUserInputError(field, `${field}: ${why}`, { reason: problem });
    }
    return url.href;
  }

  private async lockEndpoint(manager: EntityManager, agencyId: string, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await manager.findOne(WebhookEndpointEntity, {
      where: { id, agencyId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!endpoint) throw new NotFoundError('WebhookEndpoint', { id });
    return endpoint;
  }

  private async touch(manager: EntityManager, id: string, changes: Partial<WebhookEndpointEntity>): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(WebhookEndpointEntity)
      .set({ ...changes, updatedAt: () => 'now()', version: () => '"version" + 1' })
      .where('id = :id', { id })
      .execute();
  }
}

/** Webhooks belong to an agency: a hub-admin key, which has none, may not manage them. */
function agencyOf(caller: AuthContext): string {
  if (!caller.agencyId) {
    throw new ForbiddenError('Webhooks belong to an agency: call with one of the agency’s keys', {
      reason: 'AGENCY_KEY_REQUIRED',
    });
  }
  return caller.agencyId;
}

function blankToNull(value: string | null | undefined): string | null {
  return value == null || value.trim() === '' ? null : value;
}
