import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgenciesService, municipality } from '@tsunagu/directory';
import { NotFoundError, runTransaction, type AuthContext } from '@tsunagu/platform';
import { Repository } from 'typeorm';
import { type CreateSupportMeetingInput, type SupportMeeting } from '../dto/support-meeting.model.js';
import { type LegalBasis } from '../dto/enums.js';
import { SupportMeetingEntity, SupportMeetingMemberEntity } from '../entities/support-meeting.entity.js';

/** Support meetings (支援会議) and child-protection councils (要保護児童対策地域協議会), set up by the hub admin. */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectRepository(SupportMeetingEntity) private readonly meetings: Repository<SupportMeetingEntity>,
    private readonly agencies: AgenciesService,
  ) {}

  async create(input: CreateSupportMeetingInput): Promise<SupportMeeting> {
    municipality(input.municipalityCode, 'input.municipalityCode');
    const members = [...new Set(input.memberAgencyIds)];
    await this.requireAgencies(members, 'input.memberAgencyIds');
    return runTransaction(this.meetings.manager, async (manager) => {
      const meeting = await manager.save(
        manager.create(SupportMeetingEntity, {
          kind: input.kind as SupportMeetingEntity['kind'],
          name: input.name,
          municipalityCode: input.municipalityCode,
        }),
      );
      await manager.insert(
        SupportMeetingMemberEntity,
        members.map((agencyId) => ({ meetingId: meeting.id, agencyId })),
      );
      return { ...meeting, kind: meeting.kind as LegalBasis, memberAgencyIds: members };
    });
  }

  /** Replaces the members; an agency that leaves stops seeing what was shared under the meeting. */
  async setMembers(id: string, memberAgencyIds: string[]): Promise<SupportMeeting> {
    const members = [...new Set(memberAgencyIds)];
    await this.requireAgencies(members, 'memberAgencyIds');
    return runTransaction(this.meetings.manager, async (manager) => {
      const meeting = await manager.findOneBy(SupportMeetingEntity, { id });
      if (!meeting) throw new NotFoundError('SupportMeeting', { id });
      await manager.delete(SupportMeetingMemberEntity, { meetingId: id });
      if (members.length) {
        await manager.insert(
          SupportMeetingMemberEntity,
          members.map((agencyId) => ({ meetingId: id, agencyId })),
        );
      }
      return { ...meeting, kind: meeting.kind as LegalBasis, memberAgencyIds: members };
    });
  }

  /** The hub admin sees every meeting; an agency sees the meetings it belongs to. */
  async list(caller: AuthContext): Promise<SupportMeeting[]> {
    const rows: { id: string; kind: LegalBasis; name: string; municipality_code: string; member_ids: string[] }[] =
      await this.meetings.manager.query(
        `SELECT m.id, m.kind, m.name, m.municipality_code,
                array_remove(array_agg(mm.agency_id ORDER BY mm.agency_id), NULL) AS member_ids
           FROM support_meeting m LEFT JOIN support_meeting_member mm ON mm.meeting_id = m.id
          WHERE $1::boolean OR EXISTS (
                  SELECT 1 FROM support_meeting_member me WHERE me.meeting_id = m.id AND me.agency_id = $2::uuid)
          GROUP BY m.id ORDER BY m.name, m.id`,
        [caller.isHubAdmin, caller.agencyId],
      );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      municipalityCode: row.municipality_code,
      memberAgencyIds: row.member_ids,
    }));
  }

  private async requireAgencies(ids: string[], field: string): Promise<void> {
    const found = new Set((await this.agencies.findByIds(ids)).map((agency) => agency.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new NotFoundError('Agency', { field, ids: missing });
  }
}
