import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partner's HTTPS (or HTTP) endpoint for one agency's events. The signing secret is stored sealed only. */
@Entity({ name: 'webhook_endpoint' })
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Event patterns (`referral.sent`, `referral.*`, `*`). */
  @Column({ type: 'varchar', length: 64, array: true })
  events: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** `sealSecret(SECRETS_KEY, secret, id)`; never selected unless asked for. */
  @Column({ name: 'secret_ciphertext', type: 'text', select: false })
  secretCiphertext: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 500, nullable: true })
  disabledReason: string | null;

  /** Dead-lettered deliveries since the last success; WEBHOOK_DISABLE_AFTER of them disable the endpoint. */
  @Column({ name: 'consecutive_dead_letters', type: 'integer', default: 0 })
  consecutiveDeadLetters: number;

  @Column({ name: 'created_by_key_id', type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', insert: false })
  updatedAt: Date;

  @Column({ type: 'integer', insert: false })
  version: number;
}
