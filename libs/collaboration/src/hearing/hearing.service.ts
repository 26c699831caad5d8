import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService, DataCategory, type PersonView } from '@tsunagu/consent';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  isPgError,
  PgErrorCode,
  runTransaction,
  type AuthContext,
} from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { HearingSheetEntity, HearingSheetVersionEntity } from './entities/hearing-sheet.entity.js';
import {
  HEARING_QUESTIONS,
  hearingSheetItems,
  normalizeHearingAnswers,
  type HearingAnswerInput,
  type HearingSheetItemView,
} from './hearing-sheet.js';
import { SupportNetworkAccess } from './support-network-access.js';

export interface HearingSheetView {
  personId: string;
  version: number;
  items: HearingSheetItemView[];
  updatedAt: Date | null;
  updatedByAgencyId: string | null;
  history: { version: number; savedAt: Date; savedByAgencyId: string }[];
}

/** The person's hearing sheet (seed 1-12), under SUPPORT_NETWORK: every read audited, every save kept. */
@Injectable()
export class HearingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: SupportNetworkAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async get(caller: AuthContext, personId: string): Promise<HearingSheetView> {
    const now = this.clock.now();
    return runTransaction(this.dataSource.manager, async (manager) => {
      const view = await this.access.require(caller, personId, now, manager);
      const sheet = await manager.findOneBy(HearingSheetEntity, { personId });
      await this.audited(manager, caller, view, 'hearingSheet', now);
      return this.toView(manager, personId, sheet);
    });
  }

  /**
   * Replaces the whole sheet with `answers` (unanswered items are empty) when it is still at `expectedVersion`
   * (0 before the first save); the previous content stays in the sheet's history.
   */
  async save(
    caller: AuthContext,
    personId: string,
    answers: readonly HearingAnswerInput[],
    expectedVersion: number,
  ): Promise<HearingSheetView> {
    if (answers.length > HEARING_QUESTIONS.length) {
      throw new BadUserInputError('answers', `At most ${HEARING_QUESTIONS.length} answers, one per item`, {
        constraint: 'arrayMaxSize',
      });
    }
    const normalized = normalizeHearingAnswers(answers);
    const now = this.clock.now();
    try {
      return await runTransaction(this.dataSource.manager, async (manager) => {
        const view = await this.access.require(caller, personId, now, manager);
        const sheet = await manager.findOne(HearingSheetEntity, {
          where: { personId },
          lock: { mode: 'pessimistic_write' },
        });
        const current = sheet?.version ?? 0;
        if (expectedVersion !== current) throw this.stale(expectedVersion, current);
        const version = current + 1;
        await manager.upsert(
          HearingSheetEntity,
          {
            personId,
            answers: normalized,
            version,
            updatedByAgencyId: view.agencyId,
            createdAt: sheet?.createdAt ?? now,
            updatedAt: now,
          },
          ['personId'],
        );
        await manager.insert(HearingSheetVersionEntity, {
          personId,
          version,
          answers: normalized,
          savedByAgencyId: view.agencyId,
          savedAt: now,
        });
        await this.audited(manager, caller, view, 'saveHearingSheet', now);
        return this.toView(manager, personId, await manager.findOneByOrFail(HearingSheetEntity, { personId }));
      });
    } catch (error) {
      // Two first saves at once: the loser finds the version taken.
      if (isPgError(error, PgErrorCode.UNIQUE_VIOLATION)) throw this.stale(expectedVersion, null);
      throw error;
    }
  }

  private stale(expectedVersion: number, currentVersion: number | null): ConflictError {
    return new ConflictError('The hearing sheet was changed since you read it', {
      expectedVersion,
      ...(currentVersion === null ? {} : { currentVersion }),
    });
  }

  private async audited(
    manager: EntityManager,
    caller: AuthContext,
    view: PersonView,
    operation: string,
    at: Date,
  ): Promise<void> {
    await this.audit.record(
      [
        {
          action: AuditAction.PERSON_READ,
          personId: view.person.id,
          caller,
          categories: [DataCategory.SUPPORT_NETWORK],
          basis: view.bases,
          operation,
          at,
        },
      ],
      manager,
    );
  }

  private async toView(
    manager: EntityManager,
    personId: string,
    sheet: HearingSheetEntity | null,
  ): Promise<HearingSheetView> {
    const history = sheet
      ? await manager.find(HearingSheetVersionEntity, {
          where: { personId },
          select: { version: true, savedAt: true, savedByAgencyId: true },
          order: { version: 'DESC' },
        })
      : [];
    return {
      personId,
      version: sheet?.version ?? 0,
      items: hearingSheetItems(sheet?.answers ?? []),
      updatedAt: sheet?.updatedAt ?? null,
      updatedByAgencyId: sheet?.updatedByAgencyId ?? null,
      history: history.map(({ version, savedAt, savedByAgencyId }) => ({ version, savedAt, savedByAgencyId })),
    };
  }
}
