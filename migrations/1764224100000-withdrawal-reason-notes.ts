import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Withdrawing a consent used to copy the person's reason into the CONSENT_WITHDRAWN event of every open
 * referral relying on it, where the recipient agency could read it. The reason belongs on the withdrawal record
 * (`consent_withdrawal.reason`, kept there); this removes the copies, leaving the note the API writes now
 * (`consent <id> withdrawn`). The history is otherwise append-only, so the trigger is lifted for this one
 * statement inside the migration's transaction.
 *
 * `down` cannot bring the copies back (they are still on the withdrawal records) and changes nothing.
 */
export class WithdrawalReasonNotes1764224100000 implements MigrationInterface {
  name = 'WithdrawalReasonNotes1764224100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral_event" DISABLE TRIGGER "tr_referral_event_append_only"`);
    await queryRunner.query(`
      UPDATE "referral_event"
         SET "note" = substring("note" from '^consent [0-9a-f-]{36} withdrawn')
       WHERE "type" = 'CONSENT_WITHDRAWN' AND "note" ~ '^consent [0-9a-f-]{36} withdrawn: '`);
    await queryRunner.query(`ALTER TABLE "referral_event" ENABLE TRIGGER "tr_referral_event_append_only"`);
  }

  async down(): Promise<void> {
    // Nothing to undo: see above.
  }
}
