import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { municipality } from '@tsunagu/directory';
import { Clock, ForbiddenError, NotFoundError, runTransaction, type AuthContext } from '@tsunagu/platform';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { type RegisterPersonInput } from '../dto/person.model.js';
import { DataCategory } from '../dto/enums.js';
import { AuditAction } from '../entities/audit-log.entity.js';
import { PersonEntity } from '../entities/person.entity.js';
import { maskPerson, type MaskedPerson } from './person-fields.js';

@Injectable()
export class PersonsService {
  constructor(
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    private readonly disclosure: DisclosureService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Registers a person as the calling agency's; the registration itself is audited. */
  async register(caller: AuthContext, input: RegisterPersonInput): Promise<MaskedPerson> {
    const agencyId = requireAgency(caller);
    if (input.municipalityCode) municipality(input.municipalityCode, 'input.municipalityCode');
    return runTransaction(this.persons.manager, async (manager) => {
      const person = await manager.save(manager.create(PersonEntity, { ...input, registeredByAgencyId: agencyId }));
      await this.audit.record(
        [
          {
            action: AuditAction.PERSON_REGISTERED,
            personId: person.id,
            caller,
            categories: Object.values(DataCategory),
            basis: [{ kind: 'REGISTRANT' }],
            operation: 'registerPerson',
            at: this.clock.now(),
          },
        ],
        manager,
      );
      return maskPerson(person, Object.values(DataCategory));
    });
  }

  /** One person as the caller may see it (audited); `NOT_FOUND` when the caller may not know it exists. */
  async get(caller: AuthContext, id: string, operation = 'person'): Promise<MaskedPerson> {
    const view = (await this.disclosure.view(caller, [id], operation)).get(id);
    if (!view) throw new NotFoundError('Person', { id });
    return maskPerson(view.person, view.categories);
  }

  /** Many persons, masked for the caller; the ones it may not see are absent. */
  async getMany(caller: AuthContext, ids: readonly string[], operation: string): Promise<Map<string, MaskedPerson>> {
    const views = await this.disclosure.view(caller, ids, operation);
    return new Map([...views].map(([id, view]) => [id, maskPerson(view.person, view.categories)]));
  }

  /** The person's registering agency, for checks that only it may pass; `NOT_FOUND` for anyone who may not see it. */
  async requireRegistrant(caller: AuthContext, personId: string): Promise<PersonEntity> {
    const person = await this.persons.findOneBy({ id: personId });
    if (person && person.registeredByAgencyId === caller.agencyId) return person;
    if (person && caller.agencyId && (await this.disclosure.visibleTo(caller.agencyId, [personId])).has(personId)) {
      throw new ForbiddenError('Only the registering agency may do this for the person');
    }
    throw new NotFoundError('Person', { id: personId });
  }
}

export function requireAgency(caller: AuthContext): string {
  if (!caller.agencyId) throw new ForbiddenError('This operation needs an agency key, not a hub-admin key');
  return caller.agencyId;
}
