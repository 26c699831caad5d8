import { Injectable } from '@nestjs/common';
import { DataCategory, DisclosureService, type PersonView } from '@tsunagu/consent';
import { ForbiddenError, NotFoundError, type AuthContext } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';

/**
 * Who may read and write a person's support network (the hearing sheet and the relations): an agency whose
 * view of the person includes SUPPORT_NETWORK now — the registrant, or an agency the category was shared with
 * (a referral, or a conference grant where those exist) and whose basis still stands. An agency that may not see
 * the person at all gets NOT_FOUND, as for a random id; one that sees the person without the category FORBIDDEN
 * with `reason: CATEGORY_NOT_DISCLOSED`.
 */
@Injectable()
export class SupportNetworkAccess {
  constructor(private readonly disclosure: DisclosureService) {}

  /** What the caller sees of the person now; NOT_FOUND when nothing (the hub admin sees no persons). */
  async view(caller: AuthContext, personId: string, now: Date, manager: EntityManager): Promise<PersonView> {
    const view = caller.agencyId
      ? (await this.disclosure.visibleTo(caller.agencyId, [personId], now, manager)).get(personId)
      : undefined;
    if (!view) throw new NotFoundError('Person', { id: personId });
    return view;
  }

  async require(
    caller: AuthContext,
    personId: string,
    now: Date,
    manager: EntityManager,
  ): Promise<PersonView & { agencyId: string }> {
    const view = await this.view(caller, personId, now, manager);
    if (!view.categories.includes(DataCategory.SUPPORT_NETWORK)) {
      throw new ForbiddenError('The person’s support network has not been shared with your agency', {
        reason: 'CATEGORY_NOT_DISCLOSED',
        categories: [DataCategory.SUPPORT_NETWORK],
      });
    }
    return { ...view, agencyId: caller.agencyId! };
  }

  /** As `require`, for a record found by its own id: anything short of access is NOT_FOUND of that record. */
  async requireFor(
    caller: AuthContext,
    personId: string,
    entity: string,
    id: string,
    now: Date,
    manager: EntityManager,
  ): Promise<PersonView & { agencyId: string }> {
    try {
      return await this.require(caller, personId, now, manager);
    } catch (error) {
      if (error instanceof ForbiddenError || error instanceof NotFoundError) throw new NotFoundError(entity, { id });
      throw error;
    }
  }
}
