import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type FindOptionsWhere } from 'typeorm';
import { COLLABORATION_PATHWAYS } from '../data/collaboration-pathways.js';
import { type Sector } from '../data/sectors.js';
import { CollaborationPathwayEntity } from '../entities/collaboration-pathway.entity.js';

@Injectable()
export class PathwaysService {
  constructor(
    @InjectRepository(CollaborationPathwayEntity) private readonly pathways: Repository<CollaborationPathwayEntity>,
  ) {}

  list(fromSector?: Sector | null, toSector?: Sector | null): Promise<CollaborationPathwayEntity[]> {
    const where: FindOptionsWhere<CollaborationPathwayEntity> = {
      ...(fromSector && { fromSector }),
      ...(toSector && { toSector }),
    };
    return this.pathways.find({ where, order: { fromSector: 'ASC', toSector: 'ASC' } });
  }

  /** Upserts the chart's pathways (reference data, safe to run on every start). */
  async seed(): Promise<number> {
    await this.pathways.upsert(
      COLLABORATION_PATHWAYS.map((pathway) => ({ ...pathway })),
      { conflictPaths: ['fromSector', 'toSector'] },
    );
    return COLLABORATION_PATHWAYS.length;
  }
}
